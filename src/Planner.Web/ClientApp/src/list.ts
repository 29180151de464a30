// The list beside the map: sites by code when zoomed in, townships ranked by share completed (the red-and-black
// list) when the whole district shows. Pure parts here; main.ts puts them into the page.

/** The properties of a site feature the list shows (as the API sends them). */
export interface SiteItem { code: string; name: string; programme: string; status: string; progress: number; overdue: boolean }

/** The properties of a township feature (its figures for the current filters). */
export interface TownshipItem { name: string; percentDone: number; done: number; total: number; overdue: number }

export function bySiteCode<T extends Pick<SiteItem, 'code'>>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => String(a.code).localeCompare(String(b.code)));
}

/** Highest share completed first; ties keep the district's order. */
export function byShareCompleted<T extends Pick<TownshipItem, 'percentDone'>>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.percentDone - a.percentDone);
}

export function siteTitle(site: Pick<SiteItem, 'code' | 'name'>): string {
  return `${site.code} ${site.name}`;
}

export function siteMeta(site: SiteItem, programmeLabel: (code: string) => string | undefined, statusLabel: (code: string) => string | undefined, text: (key: string) => string): string {
  return `${programmeLabel(site.programme) ?? ''} · ${statusLabel(site.status) ?? site.status} · ${site.progress}%${site.overdue ? ` · ${text('overdue')}` : ''}`;
}

export function townshipMeta(t: TownshipItem, text: (key: string) => string): string {
  return `${text('percentDone')} ${t.percentDone}% · ${t.done}/${t.total} · ${text('overdue')} ${t.overdue}`;
}
