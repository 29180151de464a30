// The Planner map: remediation sites and township progress on OpenLayers.
// Sites are drawn from vector tiles at every zoom (tiles.ts); townships, cases and the site being edited come as
// GeoJSON in CGCS2000 lon/lat (EPSG:4490). All is shown in Web Mercator for the basemaps.
import 'ol/ol.css';
import './map.css';
import OlMap from 'ol/Map';
import View from 'ol/View';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import type Feature from 'ol/Feature';
import type RenderFeature from 'ol/render/Feature';
import type { FeatureLike } from 'ol/Feature';
import type { Pixel } from 'ol/pixel';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj';
import { readState, writeState, filterParams, type MapState } from './state';
import { siteStyle, townshipStyle, legendEntries, choroplethEntries } from './styles';
import { setupEditing } from './editing';
import { setupReports } from './reports';
import { setupCases } from './cases';
import { partOfDrawing } from './drawing';
import { readConfig, texts, SITE_ZOOM, outlinedAt, HIT_TOLERANCE } from './config';
import { fetchJson, exportHref } from './api';
import { basemapLayers } from './basemap';
import { filterControls } from './filter-controls';
import { renderLegend as drawLegend } from './legend';
import { createListPanel } from './list-panel';
import { createTownshipData } from './township-data';
import { setupPhoneLayout } from './layout';
import { setupAreaSelection } from './area-selection';
import { createSiteTiles } from './site-layer';
import { registerCgcs2000, CGCS2000 } from './crs';

registerCgcs2000();

// Where a first draw's time goes, for the benchmark (performance marks: script, data, first tile asked, drawn).
performance.mark('planner:script');
const config = readConfig();
const text = texts(config);
const format = new GeoJSON({ dataProjection: CGCS2000, featureProjection: 'EPSG:3857' });

const state: MapState = readState(new URLSearchParams(location.search));
const phone = setupPhoneLayout();

// Sites from the tiles, styled by the theme; a programme switched off, and the site whose full shape is being edited,
// are left out by the style.
const siteTiles = createSiteTiles(filterParams(state), (f: FeatureLike, resolution: number) => {
  if (state.hidden.includes(f.get('programme')) || (editor && f.getId() === editor.editingId())) return undefined;
  return siteStyle(f, state.theme, f.getId() === state.site, outlinedAt(resolution));
});
const townshipSource = new VectorSource();
const townshipLayer = new VectorLayer({
  source: townshipSource,
  style: (f: FeatureLike, resolution: number) => townshipStyle(f, view.getZoomForResolution(resolution)! < SITE_ZOOM, text('overdue')),
  properties: { name: 'townships' },
  zIndex: 10,
  declutter: true,
});

// Problem cases, above the sites.
const cases = setupCases(format);

const districtExtent = transformExtent(config.extent, CGCS2000, 'EPSG:3857');
const view = new View({ projection: 'EPSG:3857', maxZoom: 20, minZoom: 8 });
const map = new OlMap({
  target: 'map',
  layers: [...basemapLayers(config.basemap), townshipLayer, siteTiles.layer, cases.layer],
  view,
});
// After the map exists, so the fit knows the map's size in pixels.
if (state.center && state.zoom !== undefined) {
  view.setCenter(fromLonLat(state.center));
  view.setZoom(state.zoom);
} else {
  view.fit(districtExtent, { padding: [20, 20, 20, 20], size: map.getSize() });
}

// --- controls in the page ------------------------------------------------------------------

const filters = document.getElementById('filters')!;
const controls = filterControls(filters);

let searchTimer: number | undefined;
let zoomToTownshipPending = false;
filters.addEventListener('change', (e) => {
  controls.read(state);
  const target = e.target as HTMLInputElement;
  if (target.name === 'theme') {
    siteTiles.layer.changed();
    renderLegend();
    saveState();
  } else if (target.name === 'layer') {
    // A programme switched off is left out by the sites' style: drawn again only now, not on every pan.
    siteTiles.layer.changed();
    applyLayerVisibility();
    saveState();
  } else {
    // Choosing a township takes the map there: that is what the leader wants to look at.
    if (target.name === 'township' && state.township) zoomToTownshipPending = true;
    reload();
  }
});
for (const box of controls.typed) {
  box.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => { controls.read(state); reload(); }, 300);
  });
}

// Draw an area to select the sites in it (for the list and the exports).
const areaSelection = setupAreaSelection(map, state, () => { void reload(); });

function applyLayerVisibility() {
  const siteZoom = (view.getZoom() ?? 0) >= SITE_ZOOM;
  // The choropleth is the district view itself; the boundary layer toggle only applies when zoomed in.
  townshipLayer.setVisible(!siteZoom || !state.hidden.includes('townships'));
}

/** Export links carry the current filters, so what is exported is what the list shows (within the user's townships). */
function updateExportLinks() {
  const filter = filterParams(state);
  document.querySelectorAll<HTMLAnchorElement>('#exports a.export').forEach((a) => { a.href = exportHref(a.dataset.format ?? '', filter); });
}

function saveState() {
  updateExportLinks();
  const center = view.getCenter();
  if (center) state.center = toLonLat(center) as [number, number];
  state.zoom = view.getZoom();
  // A problem reported from the map lies at its centre.
  const reportHere = document.getElementById('report-here') as HTMLAnchorElement | null;
  if (reportHere && state.center) reportHere.href = `/Cases/New?lon=${state.center[0].toFixed(6)}&lat=${state.center[1].toFixed(6)}`;
  history.replaceState(null, '', `${location.pathname}?${writeState(state)}`);
}

// --- data ------------------------------------------------------------------------------

let loading: AbortController | undefined;
let firstDrawDone = false;

const townshipData = createTownshipData(format, cases);

/**
 * Resolves when the map has drawn everything it asked for, tiles included. With nothing changed and no tile loading
 * (a pan within what is loaded) it resolves at once: a frame drawn only to learn that would redraw every dot of a
 * district view, half a second at 100,000 sites.
 */
function rendered(signal: AbortSignal, changed: boolean): Promise<void> {
  if (!changed && drawnOnce && siteTiles.loading() === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    map.once('rendercomplete', () => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
    map.render();
  });
}
let drawnOnce = false;
map.once('rendercomplete', () => { drawnOnce = true; });

/** The view a reload was made for: a moveend that did not move it (the first one, after the first frame) asks nothing. */
let reloadedView = '';
function viewKey() {
  return `${view.getCenter()?.join(',')}|${view.getResolution()}|${map.getSize()?.join(',')}`;
}

/**
 * Shows what the view and the filters show: new tiles when the filters change (or when the data did: fresh, from
 * refreshTiles), the township figures and the cases of the filters; then lists what is drawn.
 */
async function reload(fresh = false) {
  loading?.abort();
  const controller = new AbortController();
  loading = controller;
  document.body.dataset.mapState = 'loading';
  saveState();
  applyLayerVisibility();
  const filter = filterParams(state);
  reloadedView = viewKey();
  let changed = siteTiles.setFilter(filter) || fresh;
  try {
    const townships = await townshipData.load(filter, fresh);
    if (controller.signal.aborted) return;
    if (!firstDrawDone) performance.mark('planner:data');
    if (townshipSource.getFeatures()[0] !== townships[0]) {
      townshipSource.clear(true);
      townshipSource.addFeatures(townships);
      changed = true;
    }
    if (zoomToTownshipPending) {
      zoomToTownshipPending = false;
      const target = townshipSource.getFeatureById(Number(state.township));
      if (target) { zoomToTownship(target as Feature); return; } // moving the view loads again
    }
    // Clicks on the map and the list hit what the data now says once every tile is drawn.
    await rendered(controller.signal, changed);
    if (controller.signal.aborted) return;
    const siteZoom = (view.getZoom() ?? 0) >= SITE_ZOOM;
    if (siteZoom) listPanel.sites(siteTiles.sitesIn(view.calculateExtent(map.getSize()), view.getResolution()!), state.site);
    else listPanel.townships(townships);
    renderLegend();
    document.body.dataset.mapState = 'ready';
    if (!firstDrawDone) {
      firstDrawDone = true;
      performance.mark('planner:drawn');
      // Milliseconds since navigation start: what a benchmark or a test can read back.
      (window as any).plannerFirstDrawMs = performance.now();
    }
  } catch (e) {
    if (!controller.signal.aborted) {
      document.body.dataset.mapState = 'error';
      console.error(e);
    }
  }
}

/** After a save or a report: the tiles, the figures and the cases are asked for again (the server's data version has moved). */
function refreshTiles() {
  siteTiles.refresh();
  return reload(true);
}

// --- list and panel --------------------------------------------------------------------

const panel = document.getElementById('panel')!;
const listPanel = createListPanel({
  text, phone, config,
  onSite: (id) => {
    // Choosing another site from the list leaves an unsaved drawing or edit.
    if (editor?.capturesClicks()) { editor.cancel(); void refreshTiles(); }
    select(id, true);
  },
  onTownship: (f) => zoomToTownship(f),
});

function zoomToTownship(f: Feature) {
  view.fit(f.getGeometry()!.getExtent(), { padding: [30, 30, 30, 30], maxZoom: 16 });
  if (view.getZoom()! < SITE_ZOOM) view.setZoom(SITE_ZOOM);
}

async function select(id: number | null, zoom = false) {
  state.site = id;
  siteTiles.layer.changed();
  listPanel.markSelected(id);
  saveState();
  if (id === null) { panel.replaceChildren(); return; }
  const shown = listPanel.shown(id);
  if (zoom && shown) view.fit(shown.getExtent(), { padding: [80, 80, 80, 80], maxZoom: 17, duration: 250 });
  const response = await fetch(`/Sites/Panel/${id}`, { credentials: 'same-origin' });
  if (state.site !== id) return;
  // The panel is rendered and HTML-encoded on the server.
  panel.innerHTML = response.ok ? await response.text() : '';
  panel.dataset.siteId = response.ok ? String(id) : '';
  if (response.ok) {
    phone.showSite();
    keepInSight(id, zoom);
  }
}

/** On a phone the open sheet covers most of the map: the chosen site moves into the part left above it. */
function keepInSight(id: number, zoomIn: boolean) {
  const covered = phone.coveredHeight();
  const shown = listPanel.shown(id);
  if (covered === 0 || !shown) return;
  view.cancelAnimations();
  // Below the buttons along the top and above the sheet; closer only when the list asked for it.
  view.fit(shown.getExtent(), { padding: [70, 24, covered + 24, 24], maxZoom: zoomIn ? 17 : view.getZoom(), duration: 250 });
}

/** What a tap at a pixel picks: the feature drawn on top there, and its layer. */
function hitAt(pixel: Pixel) {
  return map.forEachFeatureAtPixel(pixel, (f, layer) => ({ f, layer }), { hitTolerance: HIT_TOLERANCE });
}

map.on('singleclick', (e) => {
  if (areaSelection.drawing() || editor?.capturesClicks() || partOfDrawing(e)) return;
  const hit = hitAt(e.pixel);
  if (!hit) { select(null); return; }
  if (hit.layer === cases.layer) { location.href = cases.href(hit.f.getId()!); return; }
  if (hit.layer === townshipLayer) {
    if ((view.getZoom() ?? 0) < SITE_ZOOM) zoomToTownship(hit.f as Feature);
    return;
  }
  // A dot standing for several small sites (district zoom): closer, where they are drawn one by one.
  if (hit.f.getId() === undefined) {
    view.animate({ center: map.getCoordinateFromPixel(e.pixel), zoom: Math.max((view.getZoom() ?? 0) + 2, SITE_ZOOM), duration: 250 });
    return;
  }
  select(Number(hit.f.getId()));
});
map.on('pointermove', (e) => {
  const target = map.getTargetElement();
  if (target) target.style.cursor = map.hasFeatureAtPixel(e.pixel, { hitTolerance: HIT_TOLERANCE }) ? 'pointer' : '';
});

// --- legend ----------------------------------------------------------------------------

const legend = document.getElementById('legend')!;
function renderLegend() {
  const siteZoom = (view.getZoom() ?? 0) >= SITE_ZOOM;
  drawLegend(legend, siteZoom
    ? legendEntries(state.theme, config.statuses, config.programmes, text('overdue'))
    : choroplethEntries(text('percentDone')));
}

// --- start -----------------------------------------------------------------------------

controls.show(state);
applyLayerVisibility();
let moveTimer: number | undefined;
map.on('moveend', () => {
  window.clearTimeout(moveTimer);
  moveTimer = window.setTimeout(() => { if (viewKey() !== reloadedView) void reload(); }, 150);
});
// Planners and admins get the editing tools; the server refuses everyone else's edits anyway.
const editor = config.canEdit
  ? setupEditing({ map, format, sitesLayer: siteTiles.layer, townshipSource, panel, text, reload: refreshTiles, select, selected: () => state.site })
  : undefined;
// Field reports: field teams send them from the panel, planners review them there.
setupReports({ panel, text, select, reload: refreshTiles });
// A link to a site without a view of its own (我的任务's reports to review: /Map?site=…) shows the site, not the district.
const opened = new URLSearchParams(location.search);
const siteWithoutView = state.site !== null && !opened.has('z');
// …and with a report named (report=…), the panel opens at that report, below the site's fields.
const linkedReport = opened.get('report');
reload().then(async () => {
  if (state.site === null) return;
  const site = state.site;
  if (siteWithoutView) void zoomToSite(site);
  await select(site);
  if (linkedReport && state.site === site) panel.querySelector(`li[data-report-id="${CSS.escape(linkedReport)}"]`)?.scrollIntoView({ block: 'center' });
});

/** Fits the view to a site's shape, read from the API (at district zoom the tiles may draw it as a dot, or not at all). */
async function zoomToSite(id: number) {
  try {
    const feature = format.readFeature(await fetchJson(`/api/sites/${id}`, new AbortController().signal)) as Feature;
    const extent = feature.getGeometry()?.getExtent();
    if (extent && state.site === id) view.fit(extent, { padding: [80, 80, 80, 80], maxZoom: 17 });
  } catch (e) {
    console.error(e); // the panel says what there is to say; the view stays where it was
  }
}
// For tests and benchmarks: the map, and where a lon/lat is on the screen.
// sites(): the sites drawn in the view, each with a pixel inside it; siteAt(pixel): the site a tap there opens (another
// may be drawn over a site's pixel: a road across a compound), or null; dots(): the dots that stand for several small
// sites at district zoom; drawn(): how many features the tiles draw in the view and how many sites.
(window as any).plannerMap = {
  map, state, select, reload, editor,
  pixelOf: (lon: number, lat: number) => map.getPixelFromCoordinate(fromLonLat([lon, lat])),
  siteAt: (pixel: Pixel) => {
    const hit = hitAt(pixel);
    return hit?.layer === siteTiles.layer && hit.f.getId() !== undefined ? Number(hit.f.getId()) : null;
  },
  dots: () => siteTiles.dotsIn(view.calculateExtent(map.getSize()), view.getResolution()!)
    .map((d) => ({ count: d.count, pixel: map.getPixelFromCoordinate(d.coordinate) })),
  drawn: () => {
    const [extent, resolution] = [view.calculateExtent(map.getSize()), view.getResolution()!];
    const [sites, dots] = [siteTiles.sitesIn(extent, resolution), siteTiles.dotsIn(extent, resolution)];
    return { features: sites.length + dots.length, sites: dots.reduce((n, d) => n + d.count, sites.length) };
  },
  sites: () => siteTiles.sitesIn(view.calculateExtent(map.getSize()), view.getResolution()!).map((s) => ({
    id: s.id, ...s.properties, pixel: map.getPixelFromCoordinate(interiorOf(s.feature)),
  })),
};

/** A point on a drawn site: inside a polygon, halfway along a line. */
function interiorOf(f: RenderFeature): number[] {
  const type = f.getType();
  if (type === 'Polygon') return f.getFlatInteriorPoint().slice(0, 2);
  if (type === 'LineString' || type === 'MultiLineString') return f.getFlatMidpoint().slice(0, 2);
  return f.getFlatCoordinates().slice(0, 2);
}
