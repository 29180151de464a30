import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterOutcome, bodyOf, confirmedNew, fieldsOf, itemFromForm, outcomeOf, toSend, type OutboxItem } from '../src/outbox';

const item = (over: Partial<OutboxItem> = {}): OutboxItem => ({
  clientId: 'c-1', user: 'field1', kind: 'report', api: '/api/sites/7/reports', title: '填报进度 · 港湾路',
  fields: [['progress', '55'], ['status', ''], ['note', '围挡已设']], photos: [], createdAt: '2026-12-02T05:00:00.000Z', state: 'waiting', attempts: 0,
  ...over,
});

test('an answer decides whether an item leaves the outbox, waits for the network, or waits for the user', () => {
  assert.deepEqual(outcomeOf(201, { id: 12 }), { kind: 'sent', id: 12 });
  assert.deepEqual(outcomeOf(200, { id: 12 }), { kind: 'sent', id: 12 }); // the server had it already: a repeat after a lost answer
  for (const status of [0, 408, 429, 500, 502, 503]) assert.equal(outcomeOf(status, null).kind, 'retry', `status ${status}`);
  assert.equal(outcomeOf(401, {}).kind, 'signin');
  assert.equal(outcomeOf(400, { code: 'antiforgery' }).kind, 'token');
  assert.deepEqual(outcomeOf(409, { duplicateOf: 31, distanceM: 12.5 }), { kind: 'duplicate', caseId: 31 });
  const refused = outcomeOf(400, { problems: [{ where: 'photos[0] (a.jpg)', what: '不是图片' }] });
  assert.deepEqual(refused, { kind: 'refused', problems: [{ where: 'photos[0] (a.jpg)', what: '不是图片' }] });
  assert.deepEqual(outcomeOf(404, { title: 'Not Found' }), { kind: 'refused', problems: [{ where: '404', what: 'Not Found' }] });
  assert.equal(outcomeOf(409, { title: 'other conflict' }).kind, 'refused');
});

test('after an answer an item is gone, waiting again, or held with the reason', () => {
  assert.equal(afterOutcome(item(), { kind: 'sent', id: 1 }), null);
  assert.deepEqual(afterOutcome(item(), { kind: 'retry' }), item({ attempts: 1 }));
  assert.equal(afterOutcome(item(), { kind: 'signin' })!.state, 'signin');
  const duplicate = afterOutcome(item({ kind: 'case' }), { kind: 'duplicate', caseId: 31 })!;
  assert.equal(duplicate.state, 'duplicate');
  assert.equal(duplicate.duplicateOf, 31);
  const refused = afterOutcome(item(), { kind: 'refused', problems: [{ where: 'progress', what: '必须在 0–100 之间' }] })!;
  assert.equal(refused.state, 'refused');
  assert.equal(refused.problems![0].where, 'progress');
});

test('a form keeps its text fields, not its token nor its id, and the body carries the outbox id and every photo', () => {
  const kept = fieldsOf([['__RequestVerificationToken', 'tok'], ['ClientId', 'old'], ['progress', '40'], ['note', '已完成'],
    ['photos', new File(['x'], 'a.jpg')], ['ConfirmNew', 'true']]);
  assert.deepEqual(kept, [['progress', '40'], ['note', '已完成'], ['ConfirmNew', 'true']]);
  const photos = [new File(['a'], 'a.jpg', { type: 'image/jpeg' }), new File(['bb'], '', { type: 'image/jpeg' })];
  const body = bodyOf(item({ photos }));
  assert.equal(body.get('progress'), '55');
  assert.equal(body.has('status'), false); // an empty choice is not sent: the status stays
  assert.equal(body.get('clientId'), 'c-1');
  const sent = body.getAll('photos') as File[];
  assert.deepEqual(sent.map(p => p.name), ['a.jpg', 'photo-2.jpg']);
});

test('confirming a case near an open one sends it again as new, once', () => {
  const confirmed = confirmedNew(item({ kind: 'case', state: 'duplicate', duplicateOf: 31, fields: [['category', 'dust'], ['ConfirmNew', 'false']] }));
  assert.equal(confirmed.state, 'waiting');
  assert.equal(confirmed.duplicateOf, undefined);
  assert.deepEqual(confirmed.fields, [['category', 'dust'], ['confirmNew', 'true']]);
});

test('a user sends only their own waiting items, oldest first', () => {
  const items = [
    item({ clientId: 'b', createdAt: '2026-12-02T06:00:00Z' }),
    item({ clientId: 'a', createdAt: '2026-12-02T05:00:00Z' }),
    item({ clientId: 'other', user: 'field2' }),
    item({ clientId: 'held', state: 'refused' }),
  ];
  assert.deepEqual(toSend(items, 'field1').map(i => i.clientId), ['a', 'b']);
  assert.deepEqual(toSend([], 'field1'), []);
});

test('an item made from a form keeps its text fields and its non-empty photos, waiting to be sent', () => {
  const data = new FormData();
  data.append('progress', '60');
  data.append('__RequestVerificationToken', 'tok');
  data.append('photos', new File(['jpeg'], 'a.jpg', { type: 'image/jpeg' }));
  data.append('photos', new File([], '', { type: 'application/octet-stream' })); // an empty file input
  const made = itemFromForm(data, { clientId: 'c-9', user: 'field1', kind: 'report', api: '/api/sites/7/reports', title: '填报' }, new Date('2026-12-02T05:00:00Z'));
  assert.deepEqual(made.fields, [['progress', '60']]);
  assert.deepEqual(made.photos.map(p => p.name), ['a.jpg']);
  assert.equal(made.createdAt, '2026-12-02T05:00:00.000Z');
  assert.equal(made.state, 'waiting');
  assert.equal(made.attempts, 0);
});
