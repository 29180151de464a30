// The sites' vector tiles, the pure parts: their URL and how their features become one per site.
import type RenderFeature from 'ol/render/Feature';

/** Deepest tiles asked for: at z18 a tile unit is 4 cm, finer than any zoom shows; deeper views scale them up. */
export const TILE_MAX_ZOOM = 18;

/**
 * The tile URL template for the map's filters (the same query string as /api/sites takes). A revision after a change of
 * data (v=…) makes the browser and OpenLayers ask again; the server leaves it out of its cache key.
 */
export function tileUrl(filter: string, revision = 0): string {
  const query = [filter, revision > 0 ? `v=${revision}` : ''].filter((p) => p).join('&');
  return `/tiles/sites/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`;
}

/** A site as the tiles give it: its id, the map's properties and its shape on the screen. */
export interface TileSite { id: number; properties: Record<string, unknown>; feature: RenderFeature }

/** One entry per site: a site crossing a tile's edge comes in each of its tiles. Pure, for tests. */
export function distinctById<T extends { getId(): number | string | undefined }>(features: readonly T[]): T[] {
  const seen = new Set<number | string>();
  const out: T[] = [];
  for (const f of features) {
    const id = f.getId();
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    out.push(f);
  }
  return out;
}

