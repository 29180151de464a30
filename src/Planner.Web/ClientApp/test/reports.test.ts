import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csrfToken, reportBody } from '../src/reports';

test('a report body carries the fields given, the client id and every photo under one name', () => {
  const photos = [new Blob(['a'], { type: 'image/jpeg' }), new Blob(['bb'], { type: 'image/jpeg' })];
  const body = reportBody({ progress: '40', status: '', note: '围挡已设' }, photos, 'id-1');
  assert.equal(body.get('progress'), '40');
  assert.equal(body.has('status'), false); // an empty choice is not sent: the status stays
  assert.equal(body.get('note'), '围挡已设');
  assert.equal(body.get('clientId'), 'id-1');
  assert.equal(body.getAll('photos').length, 2);
});

test('the antiforgery token is read from the page, empty when the page has none', () => {
  const page = { querySelector: (s: string) => (s === 'meta[name="csrf-token"]' ? { content: 'tok' } : null) } as unknown as Document;
  assert.equal(csrfToken(page), 'tok');
  assert.equal(csrfToken({ querySelector: () => null } as unknown as Document), '');
});
