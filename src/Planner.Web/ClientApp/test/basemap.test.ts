import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basemapLayers, tiandituUrl } from '../src/basemap';

test("Tianditu's tiles carry the district's key, encoded, across its eight hosts", () => {
  assert.equal(tiandituUrl('vec_w', 'a1b2'), 'https://t{0-7}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=a1b2');
  assert.match(tiandituUrl('cva_w', 'k&y=1'), /&tk=k%26y%3D1$/);
});

test('no basemap without a Tianditu key, or when none is configured', () => {
  assert.equal(basemapLayers({ type: 'tianditu', osmUrl: '', tiandituKey: null }).length, 0);
  assert.equal(basemapLayers({ type: 'none', osmUrl: '' }).length, 0);
});
