// The sites as vector tiles (/tiles/sites/{z}/{x}/{y}.mvt): drawn at every zoom, one request per tile, cached by the
// server and revalidated by ETag. Editing loads a site's full shape as GeoJSON (editing.ts); the tiles only draw.
import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import MVT from 'ol/format/MVT';
import type RenderFeature from 'ol/render/Feature';
import type { FeatureLike } from 'ol/Feature';
import { containsCoordinate, intersects, type Extent } from 'ol/extent';
import type VectorTile from 'ol/VectorTile';
import type { Style } from 'ol/style';
import { tileUrl, distinctById, siteTileGrid, siteTileUrl, type TileSite } from './tiles';

/** Tiles whose features the list can read; OpenLayers' own cache of source tiles is of this order too. */
const MAX_KEPT = 512;

export function createSiteTiles(filter: string, style: (f: FeatureLike, resolution: number) => Style[] | undefined) {
  let current = filter;
  let revision = 0;
  let template = tileUrl(current, revision);
  const source = new VectorTileSource({ format: new MVT(), tileGrid: siteTileGrid(), transition: 0 });
  // The template is the source's key: a new one (filters, a change of data) is a new set of tiles, as setUrl makes it.
  const useTemplate = () => source.setTileUrlFunction((coord) => siteTileUrl(template, coord), template);
  useTemplate();
  const layer = new VectorTileLayer({ source, style, properties: { name: 'sites' }, zIndex: 20, renderBuffer: 100 });
  // The tiles loaded, by URL (the filters in their query). OpenLayers keeps the tiles of an earlier URL to draw while
  // new ones load, and its own getFeaturesInExtent reads those too: the list reads only the current URL's. A URL met
  // again (a filter switched off) is answered from OpenLayers' own tiles, without a new load: so they stay here too.
  const loaded = new Map<string, { query: string; z: number; extent: Extent; features: RenderFeature[] }>();
  const queryOf = (url: string) => url.split('?')[1] ?? '';
  source.once('tileloadstart', () => performance.mark('planner:first-tile'));
  // Tiles asked for and not yet answered: none, and what the list reads is what the map draws.
  let loading = 0;
  source.on('tileloadstart', () => { loading++; });
  source.on(['tileloadend', 'tileloaderror'], () => { loading = Math.max(0, loading - 1); });
  source.on('tileloadend', (e) => {
    const tile = e.tile as VectorTile<RenderFeature>;
    loaded.delete(tile.getKey());
    loaded.set(tile.getKey(), {
      query: queryOf(tile.key), z: tile.getTileCoord()[0], extent: source.getTileGrid()!.getTileCoordExtent(tile.getTileCoord()), features: tile.getFeatures() ?? [],
    });
    // The oldest go first: a day of panning must not keep every tile ever seen.
    if (loaded.size > MAX_KEPT) loaded.delete(loaded.keys().next().value!);
  });
  /** The features of the loaded tiles of the current filters at the zoom a resolution draws. */
  function* currentFeatures(resolution: number) {
    const z = source.getTileGrid()!.getZForResolution(resolution, source.zDirection);
    const query = queryOf(template);
    for (const tile of loaded.values()) {
      if (tile.z !== z || tile.query !== query) continue;
      for (const f of tile.features) yield { tile, f };
    }
  }
  function setTemplate(next: string) {
    template = next;
    useTemplate();
  }
  return {
    layer,
    loading: () => loading,
    /** New filters: new tiles (OpenLayers has no other way to drop the old ones: a new URL). */
    setFilter(next: string) {
      if (next === current) return false;
      current = next;
      setTemplate(tileUrl(current, revision));
      return true;
    },
    /** The data changed (a save, a report): ask for every tile again. */
    refresh() {
      revision++;
      setTemplate(tileUrl(current, revision));
    },
    /** The dots that stand for several sites (no id) in an extent at a resolution, with how many each is. */
    dotsIn(extent: Extent, resolution: number): { coordinate: number[]; count: number }[] {
      const dots: { coordinate: number[]; count: number }[] = [];
      for (const { tile, f } of currentFeatures(resolution)) {
        const coordinate = f.getFlatCoordinates().slice(0, 2);
        if (f.getId() === undefined && intersects(extent, f.getExtent()) && containsCoordinate(tile.extent, coordinate)) {
          dots.push({ coordinate, count: Number(f.get('count')) });
        }
      }
      return dots;
    },
    /** The sites drawn in an extent of the view at a resolution, once each (a dot standing for several is none of them). */
    sitesIn(extent: Extent, resolution: number): TileSite[] {
      const features: RenderFeature[] = [];
      for (const { f } of currentFeatures(resolution)) if (intersects(extent, f.getExtent())) features.push(f);
      return distinctById(features).map((f) => ({ id: Number(f.getId()), properties: f.getProperties(), feature: f }));
    },
  };
}
