import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transform, transformExtent, get as getProjection } from 'ol/proj';
import GeoJSON from 'ol/format/GeoJSON';
import type Point from 'ol/geom/Point';
import { registerCgcs2000, CGCS2000 } from '../src/crs';

const R = 6378137;
/** Spherical Web Mercator, written out: what the tiles and basemaps use. */
function mercator([lon, lat]: number[]): number[] {
  return [R * lon * Math.PI / 180, R * Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360))];
}

test('EPSG:4490 is unknown until registered, then lon/lat in degrees; registering twice changes nothing', () => {
  assert.equal(getProjection(CGCS2000), null);
  registerCgcs2000();
  registerCgcs2000();
  const p = getProjection(CGCS2000)!;
  assert.equal(p.getUnits(), 'degrees');
  assert.equal(p.getAxisOrientation(), 'enu');
});

test('CGCS2000 lon/lat goes to Web Mercator and back, at the district, the equator and both ends of China', () => {
  registerCgcs2000();
  for (const c of [[113.7559, 34.692], [0, 0], [73.5, 39.4], [135.05, 53.56], [109.5, 18.2]]) {
    const m = transform(c, CGCS2000, 'EPSG:3857');
    const expected = mercator(c);
    assert.ok(Math.abs(m[0] - expected[0]) < 1e-6 && Math.abs(m[1] - expected[1]) < 1e-6, `${c} → ${m}, expected ${expected}`);
    const back = transform(m, 'EPSG:3857', CGCS2000);
    assert.ok(Math.abs(back[0] - c[0]) < 1e-9 && Math.abs(back[1] - c[1]) < 1e-9, `${c} came back as ${back}`);
  }
  const extent = transformExtent([113.6, 34.6, 113.9, 34.8], CGCS2000, 'EPSG:3857');
  assert.deepEqual(extent.map((v) => Math.round(v)), [...mercator([113.6, 34.6]), ...mercator([113.9, 34.8])].map((v) => Math.round(v)));
});

test('GeoJSON in EPSG:4490 reads as lon/lat, not lat/lon, into the map', () => {
  registerCgcs2000();
  const format = new GeoJSON({ dataProjection: CGCS2000, featureProjection: 'EPSG:3857' });
  const f = format.readFeature({ type: 'Feature', geometry: { type: 'Point', coordinates: [113.7559, 34.692] }, properties: {} });
  const [x, y] = (f as unknown as { getGeometry(): Point }).getGeometry().getCoordinates();
  const [ex, ey] = mercator([113.7559, 34.692]);
  assert.ok(Math.abs(x - ex) < 1e-6 && Math.abs(y - ey) < 1e-6, `${x},${y}`);
});
