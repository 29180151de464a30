import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readState, writeState, filterParams } from '../src/state';

test('a state written to the URL reads back the same', () => {
  const state = readState(new URLSearchParams('theme=progress&programme=road,compound&township=3&status=construction&overdue=1&q=航海&unit=住建局&site=42&hide=fringe&x=113.68&y=34.74&z=15'));
  assert.deepEqual(readState(new URLSearchParams(writeState(state))), state);
  assert.equal(state.theme, 'progress');
  assert.deepEqual(state.programme, ['road', 'compound']);
  assert.equal(state.site, 42);
  assert.deepEqual(state.center, [113.68, 34.74]);
});

test('an empty URL is the default view', () => {
  const state = readState(new URLSearchParams(''));
  assert.equal(state.theme, 'status');
  assert.deepEqual(state.programme, []);
  assert.equal(state.site, null);
  assert.equal(state.center, undefined);
  assert.equal(writeState(state), '');
});

test('values a hand-edited link gets wrong fall back instead of breaking the map', () => {
  const state = readState(new URLSearchParams('theme=rainbow&site=abc&x=1&z=&area=113.1 34.1,oops,113.2 34.2'));
  assert.equal(state.theme, 'status');
  assert.equal(state.site, null);
  assert.equal(state.center, undefined); // x without y
  assert.equal(state.zoom, undefined);
  assert.deepEqual(state.area, [[113.1, 34.1], [113.2, 34.2]]);
});

test('the API filter leaves out view-only parts, and an area needs three points', () => {
  const state = readState(new URLSearchParams('theme=programme&site=7&x=113&y=34&overdue=1&area=113.1 34.1,113.2 34.2'));
  assert.equal(filterParams(state), 'overdue=1');
  state.area.push([113.2, 34.3]);
  assert.match(filterParams(state), /^overdue=1&area=113\.100000\+34\.100000%2C/);
});
