import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkShape, deleteSite, getSite, mergeSites, recordProgress, saveSite, splitSite } from '../src/site-api';

type Call = { url: string; method: string; headers: Record<string, string>; body: unknown };

/** Runs <act> with fetch answering <status> and the JSON <answer>; returns what was sent. */
async function sent(act: () => Promise<unknown>, status = 200, answer: unknown = {}): Promise<Call> {
  const calls: Call[] = [];
  const real = globalThis.fetch;
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body === undefined ? undefined : JSON.parse(init.body as string) });
    return new Response(JSON.stringify(answer), { status, headers: { 'Content-Type': 'application/geo+json' } });
  }) as typeof fetch;
  try {
    await act();
  } finally {
    globalThis.fetch = real;
  }
  assert.equal(calls.length, 1);
  return calls[0];
}

const square = { type: 'Polygon', coordinates: [[[113.7, 34.7], [113.71, 34.7], [113.71, 34.71], [113.7, 34.7]]] };
const line = { type: 'LineString', coordinates: [[113.7, 34.7], [113.71, 34.71]] };

test('a new site is POSTed without If-Match; a change is PUT with the ETag the planner saw', async () => {
  const created = await sent(() => saveSite(null, square, { name: '南关路' }, '"v3"', false));
  assert.equal(created.url, '/api/sites');
  assert.equal(created.method, 'POST');
  assert.equal(created.headers['If-Match'], undefined);
  assert.deepEqual(created.body, { type: 'Feature', geometry: square, properties: { name: '南关路' } });

  const changed = await sent(() => saveSite(7, square, { name: '南关路' }, '"v3"', false));
  assert.equal(changed.url, '/api/sites/7');
  assert.equal(changed.method, 'PUT');
  assert.equal(changed.headers['If-Match'], '"v3"');
});

test('an overlap the planner has seen is confirmed in the URL, for new and changed sites', async () => {
  assert.equal((await sent(() => saveSite(null, square, {}, '', true))).url, '/api/sites?confirmOverlap=true');
  assert.equal((await sent(() => saveSite(7, square, {}, '"v1"', true))).url, '/api/sites/7?confirmOverlap=true');
});

test('every change to an existing site carries its ETag: split, merge, delete, progress', async () => {
  const split = await sent(() => splitSite(7, line, '"v2"'));
  assert.deepEqual([split.url, split.method, split.headers['If-Match']], ['/api/sites/7/split', 'POST', '"v2"']);
  assert.deepEqual(split.body, { type: 'Feature', geometry: line, properties: {} });

  const merge = await sent(() => mergeSites(7, 9, 4, '"v2"'));
  assert.deepEqual([merge.url, merge.method, merge.headers['If-Match']], ['/api/sites/7/merge', 'POST', '"v2"']);
  assert.deepEqual(merge.body, { with: 9, withVersion: 4 });

  const removed = await sent(() => deleteSite(7, '"v5"'));
  assert.deepEqual([removed.url, removed.method, removed.headers['If-Match'], removed.body], ['/api/sites/7', 'DELETE', '"v5"', undefined]);

  const report = { status: 'in_progress', progress: '60', actualDate: null, note: '路面完成' };
  const progress = await sent(() => recordProgress(7, report, '"v5"'));
  assert.deepEqual([progress.url, progress.method, progress.headers['If-Match']], ['/api/sites/7/progress', 'POST', '"v5"']);
  assert.deepEqual(progress.body, report);
});

test('checking a shape names the site it replaces, if any; reading a site sends nothing', async () => {
  const fresh = await sent(() => checkShape(square, 'compound', null));
  assert.deepEqual([fresh.url, fresh.method, fresh.headers['If-Match']], ['/api/sites/check', 'POST', undefined]);
  assert.deepEqual(fresh.body, { type: 'Feature', geometry: square, properties: { programme: 'compound' } });
  assert.equal((await sent(() => checkShape(square, 'compound', 12))).url, '/api/sites/check?id=12');
  const read = await sent(() => getSite(12));
  assert.deepEqual([read.url, read.method, read.body], ['/api/sites/12', 'GET', undefined]);
});

test('a refusal comes back with its status and body, not as an exception', async () => {
  let answer: Awaited<ReturnType<typeof saveSite>> | undefined;
  await sent(async () => { answer = await saveSite(7, square, {}, '"v1"', false); }, 412, { properties: { version: 2 } });
  assert.equal(answer!.response.status, 412);
  assert.deepEqual(answer!.body, { properties: { version: 2 } });
});
