// The basemap under the sites, as the server configures it: OpenStreetMap, Tianditu (天地图) or none.
import TileLayer from 'ol/layer/Tile';
import OSM from 'ol/source/OSM';
import XYZ from 'ol/source/XYZ';
import type { Config } from './config';

/** Tianditu's Web Mercator tiles of one layer (vec_w: the map, cva_w: its labels), with the district's key. */
export function tiandituUrl(layer: string, key: string): string {
  return `https://t{0-7}.tianditu.gov.cn/DataServer?T=${layer}&x={x}&y={y}&l={z}&tk=${encodeURIComponent(key)}`;
}

export function basemapLayers(basemap: Config['basemap']): TileLayer[] {
  if (basemap.type === 'osm') return [new TileLayer({ source: new OSM({ url: basemap.osmUrl }), className: 'basemap' })];
  // Tianditu's tiles are CGCS2000-based: no offset, unlike AMap or Baidu tiles. Without a key it shows nothing.
  if (basemap.type === 'tianditu' && basemap.tiandituKey) {
    const key = basemap.tiandituKey;
    return ['vec_w', 'cva_w'].map((layer) => new TileLayer({ source: new XYZ({ url: tiandituUrl(layer, key), maxZoom: 18 }), className: 'basemap' }));
  }
  return [];
}
