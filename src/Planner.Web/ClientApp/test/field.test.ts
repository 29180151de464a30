import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distanceMetres, formatDistance } from '../src/field';

test('distances on a work list are right to a metre at a district scale', () => {
  // 0.005° of longitude at 34.7365° N: 111,320 m × cos(34.7365°) × 0.005 ≈ 457.5 m.
  assert.ok(Math.abs(distanceMetres([113.679, 34.7365], [113.684, 34.7365]) - 457.4) < 1.5);
  assert.equal(distanceMetres([113.68, 34.74], [113.68, 34.74]), 0);
  assert.equal(formatDistance(84.6), '85 m');
  assert.equal(formatDistance(1234), '1.2 km');
});
