// Problem cases on the map: the open ones, a point each, coloured by its traffic light (green, yellow, red; grey when
// no step is running), within the user's townships; a tap opens the case's page, where its steps are taken. Closed and
// voided cases stay on the work list and their pages: drawn on the map they buried the sites under grey dots.
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import type GeoJSON from 'ol/format/GeoJSON';
import type { FeatureLike } from 'ol/Feature';
import { Circle, Fill, Stroke, Style } from 'ol/style';
import { fetchJson } from './api';

/** The light's colour, as on the case's page and the work list. */
export function caseColor(light: string): string {
  return ({ green: '#12b76a', yellow: '#f79009', red: '#d92d20' } as Record<string, string>)[light] ?? '#98a2b3';
}

const styles = new Map<string, Style>();
function caseStyle(feature: FeatureLike): Style {
  const light = String(feature.get('light') ?? 'none');
  let style = styles.get(light);
  if (!style) {
    style = new Style({ image: new Circle({ radius: 7, fill: new Fill({ color: caseColor(light) }), stroke: new Stroke({ color: '#fff', width: 2 }) }) });
    styles.set(light, style);
  }
  return style;
}

export function setupCases(format: GeoJSON) {
  const source = new VectorSource();
  const layer = new VectorLayer({ source, style: caseStyle, zIndex: 50, properties: { name: 'cases' } });
  async function reload(signal: AbortSignal) {
    const json = await fetchJson('/api/cases?open=true', signal);
    if (signal.aborted) return;
    source.clear(true);
    source.addFeatures(format.readFeatures(json));
  }
  return { layer, reload, href: (id: number | string) => `/Cases/Detail/${id}` };
}
