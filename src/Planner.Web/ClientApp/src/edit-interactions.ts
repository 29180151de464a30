// The editor's work on the map: the layer holding the shape being drawn or edited, the markers where the server found a
// fault, and OpenLayers' Draw, Modify and Snap over them. Snapping reaches the full shapes of the sites in view
// (loaded from the API: tiles are drawings on a grid, not vertices), the townships and the drawing itself.
import type OlMap from 'ol/Map';
import type GeoJSON from 'ol/format/GeoJSON';
import type Feature from 'ol/Feature';
import OlFeature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { fromLonLat, transformExtent } from 'ol/proj';
import Draw, { type DrawEvent } from 'ol/interaction/Draw';
import Modify from 'ol/interaction/Modify';
import Snap from 'ol/interaction/Snap';
import Point from 'ol/geom/Point';
import type Geometry from 'ol/geom/Geometry';
import { altKeyOnly, primaryAction } from 'ol/events/condition';
import { Circle as CircleStyle, Fill, Stroke, Style } from 'ol/style';
import { fetchJson, type Problem } from './api';
import { drawingEnded } from './drawing';
import { CGCS2000 } from './crs';

export type EditInteractions = ReturnType<typeof createEditInteractions>;

export function createEditInteractions(map: OlMap, format: GeoJSON, townshipSource: VectorSource, snapBox: HTMLInputElement | null) {
  const editSource = new VectorSource();
  map.addLayer(new VectorLayer({
    source: editSource,
    zIndex: 50,
    properties: { name: 'edit' },
    style: new Style({
      fill: new Fill({ color: 'rgba(21,101,192,0.15)' }),
      stroke: new Stroke({ color: '#1565c0', width: 3 }),
      image: new CircleStyle({ radius: 5, fill: new Fill({ color: '#1565c0' }) }),
    }),
  }));
  const problemSource = new VectorSource();
  map.addLayer(new VectorLayer({
    source: problemSource,
    zIndex: 60,
    properties: { name: 'edit-problems' },
    style: new Style({ image: new CircleStyle({ radius: 9, stroke: new Stroke({ color: '#b42318', width: 3 }), fill: new Fill({ color: 'rgba(180,35,24,0.25)' }) }) }),
  }));

  let draw: Draw | undefined;
  let modify: Modify | undefined;
  let snaps: Snap[] = [];
  const neighbourSource = new VectorSource();
  let neighbours: AbortController | undefined;

  /** The sites in view in their full shapes, but the one being edited. */
  async function loadNeighbours(leaveOut: number | null) {
    neighbours?.abort();
    const controller = new AbortController();
    neighbours = controller;
    // What a test (or a slow network) waits for: until then only the townships and the drawing itself are snapped to.
    document.body.dataset.snapNeighbours = 'loading';
    const extent = transformExtent(map.getView().calculateExtent(map.getSize()), 'EPSG:3857', CGCS2000);
    // A view too large for the API (zoomed far out) gets a 400: then there is nothing close enough to snap to anyway.
    const body = await fetchJson(`/api/sites?bbox=${extent.map((v) => v.toFixed(6)).join(',')}`, controller.signal).catch(() => undefined);
    if (controller.signal.aborted) return;
    if (body) {
      neighbourSource.clear(true);
      neighbourSource.addFeatures((format.readFeatures(body) as Feature[]).filter((f) => f.getId() !== leaveOut));
    }
    document.body.dataset.snapNeighbours = body ? 'ready' : 'none';
  }

  /** Snapping goes last, so it sees pointer events before Draw and Modify do. */
  function addSnaps(leaveOut: number | null) {
    removeSnaps();
    void loadNeighbours(leaveOut);
    snaps = [neighbourSource, townshipSource, editSource].map((source) => new Snap({ source, pixelTolerance: 12 }));
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

  /** Stops drawing, editing and snapping. */
  function stop() {
    if (draw) map.removeInteraction(draw);
    if (modify) map.removeInteraction(modify);
    draw = undefined;
    modify = undefined;
    removeSnaps();
  }

  return {
    /** The shape being drawn or edited. */
    edited: (): Geometry | undefined => editSource.getFeatures()[0]?.getGeometry() ?? undefined,
    /** Puts a site's full shape in the edit layer. */
    hold: (feature: Feature) => editSource.addFeature(feature),
    /**
     * Draws one shape with snapping; the drawing stays in the edit layer. <onStart> sees the shape as it grows,
     * <onEnd> gets it once finished (the Draw is gone by then).
     */
    draw(type: 'Polygon' | 'LineString', leaveOut: number | null, onEnd: (feature: Feature) => void, onStart?: (geometry: Geometry) => void) {
      stop();
      const d = new Draw({ source: editSource, type });
      draw = d;
      if (onStart) d.on('drawstart', (e: DrawEvent) => onStart(e.feature.getGeometry()!));
      d.on('drawend', (e: DrawEvent) => {
        drawingEnded(map);
        map.removeInteraction(d);
        if (draw === d) draw = undefined;
        removeSnaps();
        onEnd(e.feature);
      });
      map.addInteraction(d);
      addSnaps(leaveOut);
    },
    /** Whether a shape is being drawn now. */
    drawing: () => draw !== undefined,
    /** Drops the vertices drawn so far (Escape); the Draw stays, to start again. */
    abortDrawing: () => draw?.abortDrawing(),
    /** Lets the shape in the edit layer be changed: drag vertices, drag edges to add, Alt+click to remove. */
    modify(leaveOut: number | null, onChange: () => void) {
      modify = new Modify({ source: editSource, deleteCondition: (e) => altKeyOnly(e) && primaryAction(e) });
      modify.on('modifyend', onChange);
      map.addInteraction(modify);
      addSnaps(leaveOut);
    },
    /** Marks where the server found faults (those that have a place). */
    markProblems(problems: Problem[]) {
      problemSource.clear();
      for (const p of problems) if (p.at) problemSource.addFeature(new OlFeature(new Point(fromLonLat(p.at))));
    },
    clearProblems: () => problemSource.clear(),
    stop,
    /** Stops and empties everything: the shape, the neighbours, the markers. */
    clear() {
      stop();
      neighbours?.abort();
      editSource.clear();
      neighbourSource.clear(true);
      problemSource.clear();
    },
  };
}
