import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tileUrl, distinctById } from '../src/tiles';

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
