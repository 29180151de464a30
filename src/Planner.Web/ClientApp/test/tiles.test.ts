import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tileUrl, distinctById, xyzOf, siteTileGrid, siteTileUrl, SMALL_TILES_FROM, TILE_MAX_ZOOM } from '../src/tiles';

test('the tile URL carries the filters as /api/sites takes them, and the revision once the data changed', () => {
  assert.equal(tileUrl(''), '/tiles/sites/{z}/{x}/{y}.mvt');
  assert.equal(tileUrl('programme=road&township=3'), '/tiles/sites/{z}/{x}/{y}.mvt?programme=road&township=3');
  assert.equal(tileUrl('', 2), '/tiles/sites/{z}/{x}/{y}.mvt?v=2');
  assert.equal(tileUrl('overdue=1', 1), '/tiles/sites/{z}/{x}/{y}.mvt?overdue=1&v=1');
});

test('a site drawn in several tiles is listed once, in the order first seen; features without an id are left out', () => {
  const f = (id: number | undefined, tile: string) => ({ getId: () => id, tile });
  const out = distinctById([f(3, 'a'), f(1, 'a'), f(3, 'b'), f(undefined, 'b'), f(2, 'b'), f(1, 'c')]);
  assert.deepEqual(out.map((x) => [x.getId(), x.tile]), [[3, 'a'], [1, 'a'], [2, 'b']]);
  assert.deepEqual(distinctById([]), []);
});

test('from a z14 view on, a level of the sites\' grid is the 256-pixel XYZ tile one zoom deeper; below, the 512-pixel tile of its zoom', () => {
  assert.deepEqual(xyzOf([0, 0, 0]), [0, 0, 0]);
  assert.deepEqual(xyzOf([SMALL_TILES_FROM - 1, 3, 4]), [SMALL_TILES_FROM - 1, 3, 4]);
  assert.deepEqual(xyzOf([SMALL_TILES_FROM, 3, 4]), [SMALL_TILES_FROM + 1, 3, 4]);
  assert.deepEqual(xyzOf([TILE_MAX_ZOOM - 1, 3, 4]), [TILE_MAX_ZOOM, 3, 4]);
  assert.equal(siteTileUrl(tileUrl('programme=road', 2), [13, 13367, 6508]), '/tiles/sites/14/13367/6508.mvt?programme=road&v=2');
  assert.equal(siteTileUrl(tileUrl(''), [12, 3342, 1626]), '/tiles/sites/12/3342/1626.mvt');
});

test('each tile of the sites\' grid covers exactly its XYZ tile, at the resolution of a 512-pixel tile of its level', () => {
  const grid = siteTileGrid();
  const world = 2 * 20037508.342789244;
  assert.equal(grid.getMaxZoom(), TILE_MAX_ZOOM - 1);
  for (const [level, x, y] of [[0, 0, 0], [10, 835, 409], [12, 3342, 1626], [13, 6684, 3253], [14, 13369, 6507], [17, 106955, 52059]]) {
    const [z] = xyzOf([level, x, y]);
    const size = world / 2 ** z;
    const expected = [-world / 2 + x * size, world / 2 - (y + 1) * size, -world / 2 + (x + 1) * size, world / 2 - y * size];
    grid.getTileCoordExtent([level, x, y]).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `level ${level}: ${v} against ${expected[i]}`));
    assert.equal(grid.getTileSize(level), level < SMALL_TILES_FROM ? 512 : 256);
    assert.ok(Math.abs(grid.getResolution(level) - world / 512 / 2 ** level) < 1e-9);
  }
  // A view at zoom 14 (9.55 m a pixel) draws level 13, the XYZ tiles of zoom 14; a district view at zoom 12 the 512-pixel z11 tiles.
  const zoomResolution = (zoom: number) => world / 256 / 2 ** zoom;
  assert.deepEqual(xyzOf([grid.getZForResolution(zoomResolution(14)), 0, 0])[0], 14);
  assert.deepEqual(xyzOf([grid.getZForResolution(zoomResolution(16)), 0, 0])[0], 16);
  assert.deepEqual(xyzOf([grid.getZForResolution(zoomResolution(12)), 0, 0])[0], 11);
});
