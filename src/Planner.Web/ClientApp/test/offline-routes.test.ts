import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepable, strategyFor } from '../src/offline-routes';

const origin = 'https://planner.example';
const at = (path: string, method = 'GET', mode = 'cors') => strategyFor(new URL(path, origin), method, mode, origin);

test('the field pages are kept, other pages fall back to the offline page, edits are never touched', () => {
  for (const path of ['/', '/Work', '/Outbox', '/Cases/New', '/Cases/New?lon=113.6&lat=34.7', '/Cases/Detail/12', '/Sites/Report/7'])
    assert.equal(at(path, 'GET', 'navigate'), 'page', path);
  for (const path of ['/Map', '/Import', '/Sites/History/7', '/Account/Login', '/Sites/Sheets'])
    assert.equal(at(path, 'GET', 'navigate'), 'navigate', path);
  assert.equal(at('/Sites/Report/7', 'POST', 'navigate'), 'network');
  assert.equal(at('/api/sites/7/reports', 'POST'), 'network');
});

test('assets, the work list and thumbnails are kept; the map data, originals and other sites are not', () => {
  assert.equal(at('/js/offline.js?v=abc'), 'static');
  assert.equal(at('/css/site.css'), 'static');
  assert.equal(at('/icons/icon-192.png'), 'static');
  assert.equal(at('/api/my/work'), 'data');
  assert.equal(at('/api/cases/categories'), 'data');
  assert.equal(at('/api/photos/5?size=thumb'), 'data');
  assert.equal(at('/api/photos/5?size=full'), 'network');
  assert.equal(at('/api/photos/5?size=original'), 'network');
  assert.equal(at('/api/sites?bbox=1,2,3,4'), 'network');
  assert.equal(at('/api/my/csrf'), 'network');
  assert.equal(at('/Sites/Report/7'), 'page'); // warmed by the work list's fetch
  assert.equal(strategyFor(new URL('https://tile.openstreetmap.org/1/1/1.png'), 'GET', 'no-cors', origin), 'network');
});

test('only complete answers are kept, never the sign-in page a session end redirects to', () => {
  const answer = (over: Partial<Response>) => ({ ok: true, status: 200, redirected: false, url: `${origin}/Work`, type: 'basic', ...over }) as Response;
  assert.equal(keepable(answer({})), true);
  assert.equal(keepable(answer({ redirected: true, url: `${origin}/Account/Login?ReturnUrl=%2FWork` })), false);
  assert.equal(keepable(answer({ ok: false, status: 503 })), false);
  assert.equal(keepable(answer({ status: 206 })), false);
  assert.equal(keepable(answer({ type: 'opaque' as ResponseType })), false);
});
