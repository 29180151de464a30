import type OlMap from 'ol/Map';
import type MapBrowserEvent from 'ol/MapBrowserEvent';
import DoubleClickZoom from 'ol/interaction/DoubleClickZoom';

let drawingEndedAt = -Infinity;

/**
 * Call when a drawing ends. A double-click that finishes it would also zoom the map once the Draw is
 * gone, and its clicks still arrive as a single click a moment later: hold the zoom off briefly, and
 * let {@link partOfDrawing} recognise those clicks.
 */
export function drawingEnded(map: OlMap) {
  drawingEndedAt = performance.now();
  const zooms = map.getInteractions().getArray().filter((i) => i instanceof DoubleClickZoom);
  zooms.forEach((z) => z.setActive(false));
  window.setTimeout(() => zooms.forEach((z) => z.setActive(true)), 400);
}

/** Whether a map click was made while drawing (its pointer event is older than the drawing's end): it selects nothing. */
export function partOfDrawing(e: MapBrowserEvent<any>) {
  return e.originalEvent.timeStamp <= drawingEndedAt;
}
