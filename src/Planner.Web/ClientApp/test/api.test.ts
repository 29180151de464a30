import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportHref, problemsOf, signInHref } from '../src/api';

test('export links carry the filters; the sheets are a page of their own', () => {
  assert.equal(exportHref('xlsx', ''), '/api/sites/export?format=xlsx');
  assert.equal(exportHref('gpkg', 'township=3&overdue=1'), '/api/sites/export?format=gpkg&township=3&overdue=1');
  assert.equal(exportHref('sheets', 'township=3'), '/Sites/Sheets?township=3');
  assert.equal(exportHref('sheets', ''), '/Sites/Sheets');
});

test('a refusal shows the problems the server names, or its status and message', () => {
  const named = [{ where: 'geometry 第 3 个顶点', what: '自相交' }];
  assert.deepEqual(problemsOf({ status: 400, statusText: 'Bad Request' }, { problems: named }), named);
  assert.deepEqual(problemsOf({ status: 412, statusText: 'Precondition Failed' }, { title: '已被他人修改' }), [{ where: '412', what: '已被他人修改' }]);
  assert.deepEqual(problemsOf({ status: 500, statusText: 'Internal Server Error' }, {}), [{ where: '500', what: 'Internal Server Error' }]);
});

test('signing in again comes back to the same map view', () => {
  assert.equal(signInHref('/Map?township=3&z=15'), '/Account/Login?ReturnUrl=%2FMap%3Ftownship%3D3%26z%3D15');
});
