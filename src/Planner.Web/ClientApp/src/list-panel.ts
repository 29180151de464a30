// The list beside the map: at site zoom the sites the tiles draw in the view (by code, at most LIST_LIMIT), below it
// the townships ranked by their share completed. On a phone its count is the sheet's title.
import type Feature from 'ol/Feature';
import { bySiteCode, byShareCompleted, siteTitle, siteMeta, townshipMeta, type SiteItem, type TownshipItem } from './list';
import type { TileSite } from './tiles';
import type { PhoneLayout } from './layout';
import type { Config } from './config';

/** Most sites the list shows: the map draws every one, a list of thousands helps nobody. */
export const LIST_LIMIT = 500;

export interface ListPanelOptions {
  text: (key: string) => string;
  phone: PhoneLayout;
  /** Where the programmes' and statuses' names come from. */
  config: Pick<Config, 'programmes' | 'statuses'>;
  onSite: (id: number) => void;
  onTownship: (township: Feature) => void;
}

export function createListPanel(options: ListPanelOptions) {
  const { text } = options;
  const programmeLabel = new Map(options.config.programmes.map((p) => [p.code, p.label]));
  const statusLabel = new Map(options.config.statuses.map((s) => [s.code, s.label]));
  const list = document.getElementById('site-list')!;
  const truncated = document.getElementById('truncated')!;
  const listCount = document.getElementById('list-count')!;
  /** The sites last listed, by id: where the list and a selection zoom to. */
  let listed = new Map<number, TileSite>();

  function start(kind: 'sites' | 'townships', count: number) {
    list.replaceChildren();
    list.dataset.kind = kind;
    listCount.textContent = `(${count})`;
    options.phone.setTitle(`${text(kind === 'sites' ? 'list' : 'districtRanking')} (${count})`);
    truncated.hidden = true;
    if (count === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = text('noSites');
      list.append(li);
    }
  }

  function entry(id: number | string | undefined, className: string, title: string, meta: string, onClick: () => void) {
    const li = document.createElement('li');
    li.dataset.id = String(id);
    li.className = className;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = title;
    const details = document.createElement('span');
    details.className = 'meta';
    details.textContent = meta;
    li.append(name, details);
    li.addEventListener('click', onClick);
    list.append(li);
  }

  return {
    sites(sites: TileSite[], selected: number | null) {
      listed = new Map(sites.map((s) => [s.id, s]));
      start('sites', sites.length);
      const sorted = bySiteCode(sites.map((s) => ({ ...(s.properties as unknown as SiteItem), id: s.id })));
      if (sorted.length > LIST_LIMIT) {
        truncated.hidden = false;
        truncated.textContent = text('listCapped').replace('{0}', String(sorted.length)).replace('{1}', String(LIST_LIMIT));
      }
      for (const site of sorted.slice(0, LIST_LIMIT)) {
        entry(site.id, `site status-${site.status}${site.overdue ? ' overdue' : ''}${site.id === selected ? ' selected' : ''}`, siteTitle(site),
          siteMeta(site, (c) => programmeLabel.get(c), (c) => statusLabel.get(c), text), () => options.onSite(site.id));
      }
    },
    townships(townships: Feature[]) {
      listed = new Map();
      start('townships', townships.length);
      const sorted = byShareCompleted(townships.map((f) => ({ f, percentDone: Number(f.get('percentDone')) }))).map((i) => i.f);
      for (const f of sorted) {
        entry(f.getId(), 'township', f.get('name'), townshipMeta(f.getProperties() as TownshipItem, text), () => options.onTownship(f));
      }
    },
    /** Marks the chosen site in the list. */
    markSelected(id: number | null) {
      list.querySelectorAll('li.selected').forEach((li) => li.classList.remove('selected'));
      if (id !== null) list.querySelector(`li[data-id="${id}"]`)?.classList.add('selected');
    },
    /** A listed site as the tiles draw it (where to zoom to). */
    shown: (id: number) => listed.get(id)?.feature,
  };
}
