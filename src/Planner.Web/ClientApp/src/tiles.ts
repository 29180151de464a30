// The sites' vector tiles, the pure parts: their grid, their URL and how their features become one per site.
import type RenderFeature from 'ol/render/Feature';
import TileGrid from 'ol/tilegrid/TileGrid';
import type { TileCoord } from 'ol/tilecoord';

/** Deepest tiles asked for: at z18 a tile unit is 4 cm, finer than any zoom shows; deeper views scale them up. */
export const TILE_MAX_ZOOM = 18;

/** Web Mercator's square, in metres: the XYZ tiles' world. */
const HALF_WORLD = 20037508.342789244;

/**
 * The grid's first level drawn from 256-pixel tiles: the resolution of a zoom-14 view, where the list starts. Below it a
 * level is the 512-pixel XYZ tile of its zoom (district views: few tiles, the server's dots for small sites). From it on
 * a level is the 256-pixel XYZ tile one zoom deeper, at the same resolution and with the same content. OpenLayers
 * renders every tile it draws whole, so the tiles' area beyond the view is drawn too: four small tiles fit a view more
 * tightly than one large one (a zoom-14 view of 17,000 sites drew in 1.7 s instead of 2.9; docs/benchmarks.md). Smaller
 * still (128 pixels) drew no faster. The server's zooms keep their meaning: a tile's zoom and extent are what they were.
 */
export const SMALL_TILES_FROM = 13;

/** The XYZ address of a tile of the sites' grid. Pure, for tests. */
export function xyzOf([level, x, y]: TileCoord): TileCoord {
  return [level < SMALL_TILES_FROM ? level : level + 1, x, y];
}

/** The sites' grid: the resolutions of 512-pixel XYZ tiles (levels 0 … TILE_MAX_ZOOM - 1), 256-pixel tiles from SMALL_TILES_FROM. */
export function siteTileGrid(): TileGrid {
  const levels = Array.from({ length: TILE_MAX_ZOOM }, (_, level) => level);
  return new TileGrid({
    extent: [-HALF_WORLD, -HALF_WORLD, HALF_WORLD, HALF_WORLD],
    origin: [-HALF_WORLD, HALF_WORLD],
    resolutions: levels.map((level) => (2 * HALF_WORLD) / 512 / 2 ** level),
    tileSizes: levels.map((level) => (level < SMALL_TILES_FROM ? 512 : 256)),
  });
}

/** A tile's URL from the template tileUrl makes. */
export function siteTileUrl(template: string, coord: TileCoord): string {
  const [z, x, y] = xyzOf(coord);
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

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

