// CGCS2000 lon/lat (EPSG:4490), the CRS the API speaks, for OpenLayers.
import Projection from 'ol/proj/Projection';
import { addEquivalentProjections, addEquivalentTransforms, get as getProjection } from 'ol/proj';
import { PROJECTIONS as LON_LAT, EXTENT, METERS_PER_UNIT } from 'ol/proj/epsg4326';
import { PROJECTIONS as WEB_MERCATOR, fromEPSG4326, toEPSG4326 } from 'ol/proj/epsg3857';

export const CGCS2000 = 'EPSG:4490';

/**
 * Makes EPSG:4490 known to OpenLayers as OpenLayers' own lon/lat: CGCS2000 and WGS 84 differ by centimetres, below what
 * a map shows, and the basemaps and tiles draw it so (as proj4 did for a GRS80 lon/lat without a datum shift). Without
 * proj4, whose registration in OpenLayers pairs every definition it knows with every other: 0.1 s of the page's start.
 * Idempotent.
 */
export function registerCgcs2000(): void {
  if (getProjection(CGCS2000)) return;
  const cgcs2000 = new Projection({
    code: CGCS2000, units: 'degrees', extent: EXTENT, worldExtent: EXTENT, global: true, metersPerUnit: METERS_PER_UNIT,
  });
  addEquivalentProjections([...LON_LAT, cgcs2000]);
  addEquivalentTransforms([cgcs2000], WEB_MERCATOR, fromEPSG4326, toEPSG4326);
}
