// The area a user draws to select sites (for the list and the exports): a polygon kept in the map's state, so it is in
// the URL too, and drawn over the sites.
import type OlMap from 'ol/Map';
import OlFeature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Draw from 'ol/interaction/Draw';
import Polygon from 'ol/geom/Polygon';
import { fromLonLat, toLonLat } from 'ol/proj';
import { drawingEnded } from './drawing';
import type { MapState } from './state';

/** Wires the page's 圈选区域 and 清除圈选 buttons; <changed> runs when the area is drawn or cleared. */
export function setupAreaSelection(map: OlMap, state: MapState, changed: () => void) {
  const source = new VectorSource();
  map.addLayer(new VectorLayer({ source, zIndex: 40, properties: { name: undefined } }));
  let draw: Draw | undefined;

  function show() {
    source.clear();
    if (state.area.length >= 3) source.addFeature(new OlFeature(new Polygon([state.area.map((c) => fromLonLat(c))])));
  }

  document.getElementById('draw-area')?.addEventListener('click', () => {
    if (draw) return;
    const d = new Draw({ source, type: 'Polygon' });
    draw = d;
    d.on('drawstart', () => source.clear());
    d.on('drawend', (e) => {
      drawingEnded(map);
      const ring = (e.feature.getGeometry() as Polygon).getCoordinates()[0];
      state.area = ring.map((c) => toLonLat(c) as [number, number]);
      map.removeInteraction(d);
      draw = undefined;
      changed();
    });
    map.addInteraction(d);
  });
  document.getElementById('clear-area')?.addEventListener('click', () => {
    state.area = [];
    show();
    changed();
  });
  show();
  return {
    /** While an area is drawn, clicks on the map select nothing. */
    drawing: () => draw !== undefined,
  };
}
