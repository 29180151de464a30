// The township figures (the choropleth and its ranking) and the cases of a filter, loaded once for it: panning lists
// what the tiles draw and needs neither again (at 100,000 sites the figures are a few hundred milliseconds of the
// server's time). A change of filters, or of data (fresh), loads them anew; a failed load is not kept.
import type Feature from 'ol/Feature';
import type GeoJSON from 'ol/format/GeoJSON';
import { fetchJson } from './api';

export function createTownshipData(format: GeoJSON, cases: { reload(signal: AbortSignal): Promise<void> }) {
  let data: { filter: string; townships: Promise<Feature[]>; controller: AbortController } | undefined;
  return {
    load(filter: string, fresh: boolean): Promise<Feature[]> {
      if (!fresh && data?.filter === filter) return data.townships;
      data?.controller.abort();
      const controller = new AbortController();
      void cases.reload(controller.signal).catch(() => { /* the map works without them */ });
      const townships = fetchJson(`/api/townships?${filter}`, controller.signal).then((json) => format.readFeatures(json) as Feature[]);
      const loaded = { filter, townships, controller };
      data = loaded;
      townships.catch(() => { if (data === loaded) data = undefined; });
      return townships;
    },
  };
}
