import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bySiteCode, byShareCompleted, siteMeta, townshipMeta } from '../src/list';
import { formatArea, formatLength, SQUARE_METRES_PER_MU } from '../src/measure';

const text = (key: string) => ({ overdue: '逾期', percentDone: '完成率' } as Record<string, string>)[key] ?? key;

test('sites list by code, townships by share completed (the red-and-black list)', () => {
  assert.deepEqual(bySiteCode([{ code: 'GC-XQ-002' }, { code: 'GC-DL-010' }, { code: 'GC-XQ-001' }]).map((s) => s.code), ['GC-DL-010', 'GC-XQ-001', 'GC-XQ-002']);
  assert.deepEqual(byShareCompleted([{ n: 'a', percentDone: 10 }, { n: 'b', percentDone: 50 }, { n: 'c', percentDone: 10 }]).map((t) => t.n), ['b', 'a', 'c']);
  assert.deepEqual(bySiteCode([]), []);
});

test('a site line says programme, status, progress and overdue in the user language', () => {
  const site = { code: 'GC-XQ-001', name: '小区', programme: 'compound', status: 'construction', progress: 35, overdue: true };
  assert.equal(siteMeta(site, () => '老旧小区', () => '施工', text), '老旧小区 · 施工 · 35% · 逾期');
  assert.equal(siteMeta({ ...site, overdue: false }, () => undefined, () => undefined, text), ' · construction · 35%');
  assert.equal(townshipMeta({ name: '南关街道', percentDone: 20, done: 2, total: 10, overdue: 1 }, text), '完成率 20% · 2/10 · 逾期 1');
});

test('sizes while drawing: metres, and square metres with mu', () => {
  assert.equal(SQUARE_METRES_PER_MU * 15, 10000);
  assert.match(formatLength(1234.4), /^≈ 1,?234 m$/);
  assert.match(formatArea(6667), /^≈ 6,?667 m² \/ 10\.00 亩$/);
});
