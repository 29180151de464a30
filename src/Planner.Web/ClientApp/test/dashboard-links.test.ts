import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapLink, seriesFilter } from '../src/dashboard-links';

test('a chart element opens the map with the dashboard filters and its own, not the period', () => {
  assert.equal(mapLink('?from=2026-11-01&to=2026-11-30&programme=road', { township: '3', ...seriesFilter('overdue') }), '/Map?programme=road&township=3&overdue=1');
  assert.equal(mapLink('', {}), '/Map');
  assert.equal(mapLink('?township=2', { township: '5' }), '/Map?township=5'); // the element's township wins
  assert.equal(mapLink('', { programme: 'compound', status: 'construction' }), '/Map?programme=compound&status=construction');
  assert.deepEqual(seriesFilter('completed'), { status: 'completed,accepted' });
  assert.deepEqual(seriesFilter('sites'), {});
});
