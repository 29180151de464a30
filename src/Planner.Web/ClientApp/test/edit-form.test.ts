import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conflictRows, formProperties, progressProblems, progressReport, shapeMeasure } from '../src/edit-form';

const field = (name: string, value: string, type = 'text', checked = false) => ({ name, value, type, checked });

test('the form sends filled fields trimmed, boxes as booleans, and nothing for empty or unnamed fields', () => {
  const properties = formProperties([
    field('name', '  南关街改造 '), field('unit', ''), field('', 'submit'), field('isPilot', 'on', 'checkbox', true),
    field('isShowcase', 'on', 'checkbox', false), field('budget', '120.5'),
  ]);
  assert.deepEqual(properties, { name: '南关街改造', isPilot: true, isShowcase: false, budget: '120.5', townshipAssigned: false });
});

test('a township chosen in the form is marked as assigned by hand', () => {
  assert.equal(formProperties([field('township', '3')]).townshipAssigned, true);
  assert.equal(formProperties([field('township', '')]).townshipAssigned, false);
});

test('a progress report: a missing field is null, an empty date or note is null', () => {
  const form = new Map<string, string>([['status', 'done'], ['progress', '100'], ['actualDate', ''], ['note', '']]);
  assert.deepEqual(progressReport((n) => form.get(n) ?? null), { status: 'done', progress: '100', actualDate: null, note: null });
  assert.deepEqual(progressReport((n) => (n === 'status' ? 'in_progress' : null)), { status: 'in_progress', progress: null, actualDate: null, note: null });
});

test("a refused report's problems are shown on the form's own fields, or as its status", () => {
  assert.deepEqual(progressProblems(400, 'Bad Request', { problems: [{ where: 'actualEnd', what: '早于开工日期' }, { where: 'progress', what: '0–100' }] }),
    [{ where: 'actualDate', what: '早于开工日期' }, { where: 'progress', what: '0–100' }]);
  assert.deepEqual(progressProblems(403, 'Forbidden', { detail: '无权操作' }), [{ where: '403', what: '无权操作' }]);
  assert.deepEqual(progressProblems(500, 'Internal Server Error', {}), [{ where: '500', what: 'Internal Server Error' }]);
});

test('a checked shape shows its exact measure and township, or a dash when it is faulty and in no township', () => {
  assert.equal(shapeMeasure({ areaM2: 1234.6, areaMu: 1.852, lengthM: 150, township: { id: 3, name: '南关街道' }, problems: [], overlaps: [] }),
    `${Math.round(1234.6).toLocaleString()} m² / 1.85 亩 · 南关街道`);
  assert.equal(shapeMeasure({ areaM2: null, lengthM: 2345.4, township: null, problems: [], overlaps: [] }), `${(2345).toLocaleString()} m`);
  assert.equal(shapeMeasure({ areaM2: 10, areaMu: 0.015, lengthM: 12, township: null, problems: [{ where: '第 3 个顶点', what: '自相交' }], overlaps: [] }), '—');
});

test('a conflict lists only the fields that differ, and an unticked box equals a flag the site lacks', () => {
  const mine = { name: '南关路', unit: '城建局', isPilot: false, isShowcase: true, programme: 'road', townshipAssigned: false, progress: '40' };
  const theirs = { name: '南关路', unit: '住建局', isShowcase: false, programme: 'road', progress: 40 };
  assert.deepEqual(conflictRows(mine, theirs), [
    { field: 'unit', theirs: '住建局', yours: '城建局' },
    { field: 'isShowcase', theirs: 'false', yours: 'true' },
  ]);
  assert.deepEqual(conflictRows({ name: 'a' }, { name: 'a' }), []);
});
