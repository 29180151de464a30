// Editing sites on the map, for planners and admins: draw new sites with snapping, edit vertices,
// split by a line, merge neighbours, delete, and move a site through its workflow. Everything goes
// through the editing API (/api/sites), which validates; this module shows what it answers.
import type OlMap from 'ol/Map';
import type GeoJSON from 'ol/format/GeoJSON';
import type Feature from 'ol/Feature';
import OlFeature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import type VectorTileLayer from 'ol/layer/VectorTile';
import { transformExtent } from 'ol/proj';
import Draw, { type DrawEvent } from 'ol/interaction/Draw';
import Modify from 'ol/interaction/Modify';
import Snap from 'ol/interaction/Snap';
import Point from 'ol/geom/Point';
import type Geometry from 'ol/geom/Geometry';
import type LineString from 'ol/geom/LineString';
import { getArea, getLength } from 'ol/sphere';
import { altKeyOnly, primaryAction } from 'ol/events/condition';
import { fromLonLat } from 'ol/proj';
import { Circle as CircleStyle, Fill, Stroke, Style } from 'ol/style';
import { drawingEnded, partOfDrawing } from './drawing';
import { send, fetchJson, problemsOf, problemList, type Problem, type Overlap } from './api';
import { formatArea, formatLength } from './measure';
import { CGCS2000 } from './crs';

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

type Mode = 'idle' | 'draw' | 'edit' | 'split' | 'merge';

const polygonal = (programme: string) => programme !== 'road';

export function setupEditing(ctx: EditContext) {
  const { map, format, panel, text } = ctx;
  const editSource = new VectorSource();
  const editLayer = new VectorLayer({
    source: editSource,
    zIndex: 50,
    properties: { name: 'edit' },
    style: new Style({
      fill: new Fill({ color: 'rgba(21,101,192,0.15)' }),
      stroke: new Stroke({ color: '#1565c0', width: 3 }),
      image: new CircleStyle({ radius: 5, fill: new Fill({ color: '#1565c0' }) }),
    }),
  });
  // Where the server says a geometry is wrong.
  const problemSource = new VectorSource();
  const problemLayer = new VectorLayer({
    source: problemSource,
    zIndex: 60,
    properties: { name: 'edit-problems' },
    style: new Style({ image: new CircleStyle({ radius: 9, stroke: new Stroke({ color: '#b42318', width: 3 }), fill: new Fill({ color: 'rgba(180,35,24,0.25)' }) }) }),
  });
  map.addLayer(editLayer);
  map.addLayer(problemLayer);

  const liveMeasure = document.getElementById('live-measure');
  const hint = document.getElementById('edit-hint');
  const snapBox = document.getElementById('snap') as HTMLInputElement | null;

  let mode: Mode = 'idle';
  let programme = '';
  let siteId: number | null = null;
  let draw: Draw | undefined;
  let modify: Modify | undefined;
  let snaps: Snap[] = [];

  function setMode(next: Mode, hintKey?: string) {
    mode = next;
    document.body.dataset.editMode = next;
    if (hint) hint.textContent = hintKey ? text(hintKey) : '';
  }

  // The sites around, in their full shapes, to snap to: tiles are drawings on a grid, not vertices to snap to.
  const neighbourSource = new VectorSource();
  let neighbours: AbortController | undefined;
  async function loadNeighbours() {
    neighbours?.abort();
    const controller = new AbortController();
    neighbours = controller;
    // What a test (or a slow network) waits for: until then only the townships and the drawing itself are snapped to.
    document.body.dataset.snapNeighbours = 'loading';
    const extent = transformExtent(map.getView().calculateExtent(map.getSize()), 'EPSG:3857', CGCS2000);
    // A view too large for the API (zoomed far out) gets a 400: then there is nothing close enough to snap to anyway.
    const body = await fetchJson(`/api/sites?bbox=${extent.map((v) => v.toFixed(6)).join(',')}`, neighbours.signal).catch(() => undefined);
    if (controller.signal.aborted) return;
    if (body) {
      neighbourSource.clear(true);
      neighbourSource.addFeatures((format.readFeatures(body) as Feature[]).filter((f) => f.getId() !== siteId));
    }
    document.body.dataset.snapNeighbours = body ? 'ready' : 'none';
  }

  /** Snapping goes last, so it sees pointer events before Draw and Modify do. */
  function addSnaps() {
    removeSnaps();
    void loadNeighbours();
    const sources = [neighbourSource, ctx.townshipSource, editSource];
    snaps = sources.map((source) => new Snap({ source, pixelTolerance: 12 }));
    for (const s of snaps) {
      s.setActive(snapBox?.checked ?? true);
      map.addInteraction(s);
    }
  }
  function removeSnaps() {
    for (const s of snaps) map.removeInteraction(s);
    snaps = [];
  }
  snapBox?.addEventListener('change', () => snaps.forEach((s) => s.setActive(snapBox.checked)));

  function stopInteractions() {
    if (draw) map.removeInteraction(draw);
    if (modify) map.removeInteraction(modify);
    draw = undefined;
    modify = undefined;
    removeSnaps();
  }

  function cancel() {
    const wasEditing = mode === 'edit';
    stopInteractions();
    neighbours?.abort();
    editSource.clear();
    neighbourSource.clear(true);
    problemSource.clear();
    if (liveMeasure) liveMeasure.textContent = '';
    setMode('idle');
    siteId = null;
    // The map's own drawing of the site shows again.
    if (wasEditing) ctx.sitesLayer.changed();
  }

  function formatMeasure(geometry: Geometry) {
    return geometry.getType() === 'LineString' || geometry.getType() === 'MultiLineString' ? formatLength(getLength(geometry)) : formatArea(getArea(geometry));
  }

  function editedGeometry(): Geometry | undefined {
    return editSource.getFeatures()[0]?.getGeometry() ?? undefined;
  }

  function geometryJson(geometry: Geometry) {
    return format.writeGeometryObject(geometry, { decimals: 9 });
  }

  /** The ETag of the site shown in the panel: what its changes send as If-Match. */
  const panelEtag = () => panel.querySelector<HTMLElement>('.site-panel')?.dataset.etag ?? '';

  /** Modify the feature in the edit layer: drag vertices, drag edges to add, Alt+click to remove. */
  function enableModify() {
    modify = new Modify({
      source: editSource,
      deleteCondition: (e) => altKeyOnly(e) && primaryAction(e),
    });
    modify.on('modifyend', () => { void check(); });
    map.addInteraction(modify);
    addSnaps();
  }

  function startDraw(kind: string) {
    cancel();
    ctx.select(null);
    programme = kind;
    setMode('draw', 'edit.drawHint');
    draw = new Draw({ source: editSource, type: polygonal(kind) ? 'Polygon' : 'LineString' });
    draw.on('drawstart', (e: DrawEvent) => {
      const geometry = e.feature.getGeometry()!;
      geometry.on('change', () => { if (liveMeasure) liveMeasure.textContent = formatMeasure(geometry); });
    });
    draw.on('drawend', async () => {
      drawingEnded(map);
      map.removeInteraction(draw!);
      draw = undefined;
      removeSnaps();
      setMode('edit', 'edit.shapeHint');
      enableModify();
      await loadForm(`/Sites/Edit?programme=${encodeURIComponent(kind)}`);
      await check();
    });
    map.addInteraction(draw);
    addSnaps();
  }

  async function startEdit(id: number) {
    cancel();
    const { response, body } = await send(`/api/sites/${id}`, 'GET');
    if (!response.ok) return;
    const feature = format.readFeature(body) as Feature;
    programme = feature.get('programme');
    siteId = id;
    // The map draws tiles; edit the full shape, and leave the tiles' drawing of it out meanwhile (main.ts's style asks editingId()).
    editSource.addFeature(feature);
    setMode('edit', 'edit.shapeHint');
    ctx.sitesLayer.changed();
    enableModify();
    await loadForm(`/Sites/Edit/${id}`);
    if (liveMeasure) liveMeasure.textContent = formatMeasure(feature.getGeometry()!);
  }

  async function loadForm(url: string) {
    const response = await fetch(url, { credentials: 'same-origin' });
    // Rendered and HTML-encoded on the server.
    panel.innerHTML = response.ok ? await response.text() : '';
    panel.dataset.siteId = siteId === null ? '' : String(siteId);
  }

  /** Measures and checks the drawn geometry on the server: exact area, township, faults and overlaps before saving. */
  async function check() {
    const geometry = editedGeometry();
    if (!geometry) return;
    if (liveMeasure) liveMeasure.textContent = formatMeasure(geometry);
    const { response, body: result } = await send(`/api/sites/check${siteId !== null ? `?id=${siteId}` : ''}`, 'POST',
      { type: 'Feature', geometry: geometryJson(geometry), properties: { programme } });
    if (!response.ok) return;
    const output = document.getElementById('edit-measure');
    if (output && result.problems.length > 0 && !result.township) output.textContent = '—';
    else if (output) {
      output.textContent = result.areaM2 !== null && result.areaM2 !== undefined
        ? `${Math.round(result.areaM2).toLocaleString()} m² / ${result.areaMu.toFixed(2)} 亩`
        : `${Math.round(result.lengthM).toLocaleString()} m`;
      if (result.township) output.textContent += ` · ${result.township.name}`;
    }
    const messages = document.getElementById('form-messages');
    if (messages) {
      messages.replaceChildren();
      if (result.problems.length > 0) showProblems(messages, result.problems);
      if (result.overlaps.length > 0) messages.append(overlapBox(result.overlaps, null));
    }
  }

  function showProblems(container: HTMLElement, problems: Problem[]) {
    problemSource.clear();
    const heading = document.createElement('p');
    heading.textContent = text('edit.problems');
    for (const p of problems) {
      container.closest('form')?.querySelector(`[name="${CSS.escape(p.where)}"]`)?.classList.add('invalid');
      if (p.at) problemSource.addFeature(new OlFeature(new Point(fromLonLat(p.at))));
    }
    container.append(heading, problemList(problems));
  }

  function overlapBox(overlaps: Overlap[], onConfirm: (() => void) | null) {
    const box = document.createElement('div');
    box.className = 'overlaps';
    const p = document.createElement('p');
    p.textContent = text('edit.overlaps');
    const list = document.createElement('ul');
    for (const o of overlaps) {
      const li = document.createElement('li');
      li.dataset.id = String(o.id);
      li.textContent = `${o.code} ${o.name}: ${Math.round(o.areaM2).toLocaleString()} m²`;
      list.append(li);
    }
    box.append(p, list);
    if (onConfirm) {
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'confirm-overlap';
      button.textContent = text('edit.overlapConfirm');
      button.addEventListener('click', onConfirm);
      box.append(button);
    }
    return box;
  }

  /** The form's fields as the Feature's properties (empty fields left out). */
  function formProperties(form: HTMLFormElement) {
    const properties: Record<string, unknown> = {};
    for (const element of Array.from(form.elements) as HTMLInputElement[]) {
      if (!element.name) continue;
      if (element.type === 'checkbox') properties[element.name] = element.checked;
      else if (element.value.trim() !== '') properties[element.name] = element.value.trim();
    }
    properties.townshipAssigned = Boolean(properties.township);
    return properties;
  }

  async function save(form: HTMLFormElement, confirmOverlap = false, etagOverride?: string) {
    const geometry = editedGeometry();
    const messages = form.querySelector<HTMLElement>('#form-messages')!;
    messages.replaceChildren();
    form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
    problemSource.clear();
    if (!geometry) return;
    const properties = formProperties(form);
    const id = form.dataset.id ? Number(form.dataset.id) : null;
    const etag = etagOverride ?? form.dataset.etag ?? '';
    const query = confirmOverlap ? '?confirmOverlap=true' : '';
    document.body.dataset.editState = 'saving';
    const { response, body } = await send(id === null ? `/api/sites${query}` : `/api/sites/${id}${query}`, id === null ? 'POST' : 'PUT',
      { type: 'Feature', geometry: geometryJson(geometry), properties }, id === null ? undefined : etag);
    if (response.ok) {
      cancel();
      await showSaved(Number(body.id));
      return;
    }
    document.body.dataset.editState = `error-${response.status}`;
    if (response.status === 400) showProblems(messages, body.problems ?? [{ where: '', what: body.detail ?? response.statusText }]);
    else if (response.status === 409) messages.append(overlapBox(body.overlaps ?? [], () => save(form, true, etagOverride)));
    else if (response.status === 412) messages.append(conflictBox(form, body, response.headers.get('ETag') ?? '', properties, geometry));
    else showProblems(messages, problemsOf(response, body));
  }

  /** Someone saved first: show what differs, and let the planner choose; nothing is overwritten silently. */
  function conflictBox(form: HTMLFormElement, current: any, etag: string, mine: Record<string, unknown>, geometry: Geometry) {
    const box = document.createElement('div');
    box.className = 'conflict';
    box.setAttribute('role', 'alert');
    const p = document.createElement('p');
    p.textContent = text('edit.conflict').replace('{0}', String(current.properties?.version ?? '?'));
    const table = document.createElement('table');
    const head = table.insertRow();
    for (const h of ['', text('edit.theirs'), text('edit.yours')]) {
      const th = document.createElement('th');
      th.textContent = h;
      head.append(th);
    }
    const theirs = current.properties ?? {};
    for (const [key, value] of Object.entries(mine)) {
      if (key === 'townshipAssigned' || key === 'programme') continue;
      const their = theirs[key];
      if (String(their ?? '') === String(value ?? '') || (value === false && their === undefined)) continue;
      const row = table.insertRow();
      row.dataset.field = key;
      const label = form.querySelector(`[name="${CSS.escape(key)}"]`)?.closest('label')?.firstChild?.textContent?.trim() ?? key;
      for (const cell of [label, String(their ?? ''), String(value ?? '')]) row.insertCell().textContent = cell;
    }
    if (JSON.stringify(current.geometry) !== JSON.stringify(geometryJson(geometry))) {
      const row = table.insertRow();
      row.dataset.field = 'geometry';
      for (const cell of [text('edit.geometry'), `${Math.round(theirs.areaM2 ?? theirs.lengthM ?? 0).toLocaleString()}`, formatMeasure(geometry)]) row.insertCell().textContent = cell;
    }
    const reloadTheirs = document.createElement('button');
    reloadTheirs.type = 'button';
    reloadTheirs.id = 'conflict-load-theirs';
    reloadTheirs.textContent = text('edit.loadTheirs');
    reloadTheirs.addEventListener('click', () => startEdit(Number(form.dataset.id)));
    const overwrite = document.createElement('button');
    overwrite.type = 'button';
    overwrite.id = 'conflict-save-mine';
    overwrite.textContent = text('edit.saveMine');
    overwrite.addEventListener('click', () => { form.dataset.etag = etag; void save(form); });
    box.append(p, table, reloadTheirs, overwrite);
    return box;
  }

  function startSplit(id: number) {
    cancel();
    siteId = id;
    setMode('split', 'edit.splitHint');
    draw = new Draw({ source: editSource, type: 'LineString' });
    draw.on('drawend', async (e: DrawEvent) => {
      drawingEnded(map);
      const line = e.feature.getGeometry() as LineString;
      const { response, body } = await send(`/api/sites/${id}/split`, 'POST', { type: 'Feature', geometry: geometryJson(line), properties: {} }, panelEtag());
      cancel();
      await afterAction(response, body, id);
    });
    map.addInteraction(draw);
    addSnaps();
  }

  function startMerge(id: number) {
    cancel();
    siteId = id;
    setMode('merge', 'edit.mergeHint');
  }

  async function merge(id: number, other: number) {
    const otherSite = await send(`/api/sites/${other}`, 'GET');
    if (!otherSite.response.ok) return;
    const { response, body } = await send(`/api/sites/${id}/merge`, 'POST', { with: other, withVersion: otherSite.body.properties.version }, panelEtag());
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
    const { response, body } = await send(`/api/sites/${id}`, 'DELETE', undefined, panelEtag());
    if (response.ok) await showSaved(null);
    else await afterAction(response, body, id);
  }

  async function recordProgress(form: HTMLFormElement) {
    const id = Number(panel.querySelector<HTMLElement>('.site-panel')?.dataset.siteId);
    const data = new FormData(form);
    const { response, body: result } = await send(`/api/sites/${id}/progress`, 'POST', {
      status: data.get('status'), progress: data.get('progress'),
      actualDate: data.get('actualDate') || null, note: data.get('note') || null,
    }, panelEtag());
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
      showProblems(note, [{ where: `v${result.properties?.version ?? '?'}`, what: text('edit.conflict').replace('{0}', String(result.properties?.version ?? '?')) }]);
      panel.prepend(note);
    } else {
      const problems: Problem[] = (result.problems ?? []).map((p: Problem) => ({ ...p, where: p.where === 'actualEnd' ? 'actualDate' : p.where }));
      showProblems(messages, problems.length > 0 ? problems : [{ where: String(response.status), what: result.detail ?? response.statusText }]);
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
      hitTolerance: 4,
      layerFilter: (layer) => layer === ctx.sitesLayer,
    });
    const other = hit ? Number(hit.getId()) : NaN;
    if (Number.isFinite(other) && other !== siteId) void merge(siteId, other);
  });

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || mode === 'idle') return;
    if (draw && mode === 'draw') draw.abortDrawing();
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
