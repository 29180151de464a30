// Editing sites on the map, for planners and admins: draw new sites with snapping, edit vertices, split by a line,
// merge neighbours, delete, and move a site through its workflow. This module holds the editor's mode and wires the
// panel's buttons and forms to the editing API (site-api), the map's interactions (edit-interactions) and the boxes
// that show what the server answered (edit-dialogs). The server validates everything; this shows what it says.
import type OlMap from 'ol/Map';
import type GeoJSON from 'ol/format/GeoJSON';
import type Feature from 'ol/Feature';
import type VectorSource from 'ol/source/Vector';
import type VectorTileLayer from 'ol/layer/VectorTile';
import type Geometry from 'ol/geom/Geometry';
import { getArea, getLength } from 'ol/sphere';
import { partOfDrawing } from './drawing';
import { HIT_TOLERANCE } from './config';
import { problemsOf, type Problem } from './api';
import { formatArea, formatLength } from './measure';
import { createEditInteractions } from './edit-interactions';
import { conflictBox, overlapBox, problemsBox } from './edit-dialogs';
import { conflictRows, formProperties, progressProblems, progressReport, shapeMeasure, type FieldLike } from './edit-form';
import * as api from './site-api';

export interface EditContext {
  map: OlMap;
  format: GeoJSON;
  /** The sites as drawn (vector tiles): what a click on the map hits. */
  sitesLayer: VectorTileLayer;
  townshipSource: VectorSource;
  panel: HTMLElement;
  text: (key: string) => string;
  reload: () => Promise<void>;
  select: (id: number | null, zoom?: boolean) => Promise<void>;
  selected: () => number | null;
}

/** idle; drawing a new site; editing a shape and its form; drawing a split line; choosing the site to merge with. */
type Mode = 'idle' | 'draw' | 'edit' | 'split' | 'merge';

const polygonal = (programme: string) => programme !== 'road';

export function setupEditing(ctx: EditContext) {
  const { map, format, panel, text } = ctx;
  const shapes = createEditInteractions(map, format, ctx.townshipSource, document.getElementById('snap') as HTMLInputElement | null);
  const liveMeasure = document.getElementById('live-measure');
  const hint = document.getElementById('edit-hint');

  let mode: Mode = 'idle';
  let programme = '';
  let siteId: number | null = null;

  function setMode(next: Mode, hintKey?: string) {
    mode = next;
    document.body.dataset.editMode = next;
    if (hint) hint.textContent = hintKey ? text(hintKey) : '';
  }

  function cancel() {
    const wasEditing = mode === 'edit';
    shapes.clear();
    if (liveMeasure) liveMeasure.textContent = '';
    setMode('idle');
    siteId = null;
    // The map's own drawing of the site shows again.
    if (wasEditing) ctx.sitesLayer.changed();
  }

  function formatMeasure(geometry: Geometry) {
    return geometry.getType() === 'LineString' || geometry.getType() === 'MultiLineString' ? formatLength(getLength(geometry)) : formatArea(getArea(geometry));
  }

  const geometryJson = (geometry: Geometry) => format.writeGeometryObject(geometry, { decimals: 9 }) as api.GeometryJson;

  /** The ETag of the site shown in the panel: what its changes send as If-Match. */
  const panelEtag = () => panel.querySelector<HTMLElement>('.site-panel')?.dataset.etag ?? '';

  function startDraw(kind: string) {
    cancel();
    void ctx.select(null);
    programme = kind;
    setMode('draw', 'edit.drawHint');
    shapes.draw(polygonal(kind) ? 'Polygon' : 'LineString', null, async () => {
      setMode('edit', 'edit.shapeHint');
      shapes.modify(siteId, () => { void check(); });
      await loadForm(`/Sites/Edit?programme=${encodeURIComponent(kind)}`);
      await check();
    }, (geometry) => geometry.on('change', () => { if (liveMeasure) liveMeasure.textContent = formatMeasure(geometry); }));
  }

  async function startEdit(id: number) {
    cancel();
    const { response, body } = await api.getSite(id);
    if (!response.ok) return;
    const feature = format.readFeature(body) as Feature;
    programme = feature.get('programme');
    siteId = id;
    // The map draws tiles; edit the full shape, and leave the tiles' drawing of it out meanwhile (main.ts's style asks editingId()).
    shapes.hold(feature);
    setMode('edit', 'edit.shapeHint');
    ctx.sitesLayer.changed();
    shapes.modify(id, () => { void check(); });
    await loadForm(`/Sites/Edit/${id}`);
    if (liveMeasure) liveMeasure.textContent = formatMeasure(feature.getGeometry()!);
  }

  async function loadForm(url: string) {
    const response = await fetch(url, { credentials: 'same-origin' });
    // Rendered and HTML-encoded on the server.
    panel.innerHTML = response.ok ? await response.text() : '';
    panel.dataset.siteId = siteId === null ? '' : String(siteId);
    // The panel (on a phone, the sheet) keeps its scroll, which was at the 编辑 button: show the form from its first field.
    panel.querySelector('#site-form')?.scrollIntoView({ block: 'start' });
  }

  /** Measures and checks the drawn geometry on the server: exact area, township, faults and overlaps before saving. */
  async function check() {
    const geometry = shapes.edited();
    if (!geometry) return;
    if (liveMeasure) liveMeasure.textContent = formatMeasure(geometry);
    const { response, body: result } = await api.checkShape(geometryJson(geometry), programme, siteId);
    if (!response.ok) return;
    const output = document.getElementById('edit-measure');
    if (output) output.textContent = shapeMeasure(result);
    const messages = document.getElementById('form-messages');
    if (messages) {
      messages.replaceChildren();
      if (result.problems.length > 0) showProblems(messages, result.problems);
      if (result.overlaps.length > 0) messages.append(overlapBox(text, result.overlaps, null));
    }
  }

  /** The faults above the form, on its fields and on the map. */
  function showProblems(container: HTMLElement, problems: Problem[]) {
    shapes.markProblems(problems);
    for (const p of problems) container.closest('form')?.querySelector(`[name="${CSS.escape(p.where)}"]`)?.classList.add('invalid');
    container.append(...problemsBox(text, problems));
  }

  async function save(form: HTMLFormElement, confirmOverlap = false, etagOverride?: string) {
    const geometry = shapes.edited();
    const messages = form.querySelector<HTMLElement>('#form-messages')!;
    messages.replaceChildren();
    form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
    shapes.clearProblems();
    if (!geometry) return;
    const properties = formProperties(Array.from(form.elements) as unknown as FieldLike[]);
    const id = form.dataset.id ? Number(form.dataset.id) : null;
    document.body.dataset.editState = 'saving';
    const { response, body } = await api.saveSite(id, geometryJson(geometry), properties, etagOverride ?? form.dataset.etag ?? '', confirmOverlap);
    if (response.ok) {
      cancel();
      await showSaved(Number(body.id));
      return;
    }
    document.body.dataset.editState = `error-${response.status}`;
    if (response.status === 400) showProblems(messages, body.problems ?? [{ where: '', what: body.detail ?? response.statusText }]);
    else if (response.status === 409) messages.append(overlapBox(text, body.overlaps ?? [], () => save(form, true, etagOverride)));
    else if (response.status === 412) messages.append(conflict(form, body, response.headers.get('ETag') ?? '', properties, geometry));
    else showProblems(messages, problemsOf(response, body));
  }

  /** Someone saved first: what differs between their version and the form, and the choice of which to keep. */
  function conflict(form: HTMLFormElement, current: any, etag: string, mine: Record<string, unknown>, geometry: Geometry) {
    const theirs = current.properties ?? {};
    const shapeDiffers = JSON.stringify(current.geometry) !== JSON.stringify(geometryJson(geometry));
    return conflictBox(text, {
      version: theirs.version,
      rows: conflictRows(mine, theirs),
      geometry: shapeDiffers ? [`${Math.round(theirs.areaM2 ?? theirs.lengthM ?? 0).toLocaleString()}`, formatMeasure(geometry)] : null,
      label: (field) => form.querySelector(`[name="${CSS.escape(field)}"]`)?.closest('label')?.firstChild?.textContent?.trim() ?? field,
      loadTheirs: () => { void startEdit(Number(form.dataset.id)); },
      saveMine: () => { form.dataset.etag = etag; void save(form); },
    });
  }

  function startSplit(id: number) {
    cancel();
    siteId = id;
    setMode('split', 'edit.splitHint');
    shapes.draw('LineString', id, async (line) => {
      const { response, body } = await api.splitSite(id, geometryJson(line.getGeometry()!), panelEtag());
      cancel();
      await afterAction(response, body, id);
    });
  }

  function startMerge(id: number) {
    cancel();
    siteId = id;
    setMode('merge', 'edit.mergeHint');
  }

  async function merge(id: number, other: number) {
    const otherSite = await api.getSite(other);
    if (!otherSite.response.ok) return;
    const { response, body } = await api.mergeSites(id, other, Number(otherSite.body.properties.version), panelEtag());
    cancel();
    await afterAction(response, body, id);
  }

  /** A change was stored: the map and the panel show it, and only then does the page say so (tests wait for it). */
  async function showSaved(id: number | null) {
    await ctx.reload();
    await ctx.select(id);
    document.body.dataset.editState = 'saved';
  }

  /** After a split, merge or delete: reload the map and the panel, or show why it was refused. */
  async function afterAction(response: Response, body: any, id: number) {
    if (response.ok) {
      await showSaved(id);
      return;
    }
    await ctx.reload();
    await ctx.select(id);
    const messages = document.createElement('div');
    messages.className = 'form-messages';
    showProblems(messages, problemsOf(response, body));
    panel.prepend(messages);
    document.body.dataset.editState = `error-${response.status}`;
  }

  async function remove(id: number, confirmText: string) {
    if (!window.confirm(confirmText)) return;
    const { response, body } = await api.deleteSite(id, panelEtag());
    if (response.ok) await showSaved(null);
    else await afterAction(response, body, id);
  }

  async function recordProgress(form: HTMLFormElement) {
    const id = Number(panel.querySelector<HTMLElement>('.site-panel')?.dataset.siteId);
    const data = new FormData(form);
    const { response, body: result } = await api.recordProgress(id, progressReport((name) => data.get(name)), panelEtag());
    if (response.ok) {
      await showSaved(id);
      return;
    }
    document.body.dataset.editState = `error-${response.status}`;
    const messages = form.querySelector<HTMLElement>('.form-messages')!;
    messages.replaceChildren();
    form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
    if (response.status === 412) {
      // The panel is stale: show the current one with the message on top.
      await ctx.select(id);
      const note = document.createElement('div');
      note.className = 'form-messages';
      const version = String(result.properties?.version ?? '?');
      showProblems(note, [{ where: `v${version}`, what: text('edit.conflict').replace('{0}', version) }]);
      panel.prepend(note);
    } else {
      showProblems(messages, progressProblems(response.status, response.statusText, result));
    }
  }

  // --- wiring --------------------------------------------------------------------------

  document.querySelectorAll<HTMLButtonElement>('#edit-tools [data-draw]').forEach((b) =>
    b.addEventListener('click', () => startDraw(b.dataset.draw!)));

  panel.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!button) return;
    if (button.id === 'site-cancel') {
      cancel();
      const id = ctx.selected();
      void ctx.reload().then(() => ctx.select(id));
      return;
    }
    const action = button.dataset.action;
    const id = Number(panel.querySelector<HTMLElement>('.site-panel')?.dataset.siteId);
    if (!action || !id) return;
    if (action === 'edit') void startEdit(id);
    else if (action === 'split') startSplit(id);
    else if (action === 'merge') startMerge(id);
    else if (action === 'delete') void remove(id, button.dataset.confirm ?? '');
  });
  panel.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement;
    e.preventDefault();
    if (form.id === 'site-form') void save(form);
    else if (form.id === 'status-form') void recordProgress(form);
  });

  map.on('singleclick', (e) => {
    if (mode !== 'merge' || siteId === null || partOfDrawing(e)) return;
    const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, {
      hitTolerance: HIT_TOLERANCE,
      layerFilter: (layer) => layer === ctx.sitesLayer,
    });
    const other = hit ? Number(hit.getId()) : NaN;
    if (Number.isFinite(other) && other !== siteId) void merge(siteId, other);
  });

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || mode === 'idle') return;
    if (shapes.drawing() && mode === 'draw') shapes.abortDrawing();
    else if (mode === 'split' || mode === 'merge') cancel();
  });

  return {
    /** While drawing, editing or choosing a site to merge, clicks belong to the editor, not to selection. */
    capturesClicks: () => mode !== 'idle',
    /** Leaves drawing or editing without saving (another site was chosen from the list, say). */
    cancel,
    /** The site whose full shape is in the edit layer: the map leaves its simplified copy out. */
    editingId: () => (mode === 'edit' ? siteId : null),
    mode: () => mode,
  };
}
