// The outbox: what a field user made on the phone (a progress report, a problem case, with photos) kept until the
// server has it. Each item carries the id made on the phone (clientId) that the server stores once, so sending it
// again after a lost answer, from two tabs or after a crash never creates a second report. Pure parts only here;
// the store is outbox-store.ts, the sending outbox-send.ts.
import { problemsOf, type Problem } from './api';

export type OutboxKind = 'report' | 'case';

/** waiting: to be sent; refused: the server said no (the user reads why); duplicate: a case nearby (the user decides); signin: signed out. */
export type OutboxState = 'waiting' | 'refused' | 'duplicate' | 'signin';

export interface OutboxItem {
  /** Made on the phone; the server's idempotency key and the store's key. */
  clientId: string;
  /** Who made it: on a shared phone only its own user sends it. */
  user: string;
  kind: OutboxKind;
  /** The API it is posted to, e.g. /api/sites/12/reports or /api/cases. */
  api: string;
  title: string;
  /** The form's text fields as typed (the antiforgery token is fetched fresh when sending). */
  fields: [string, string][];
  photos: File[];
  createdAt: string;
  state: OutboxState;
  attempts: number;
  problems?: Problem[];
  duplicateOf?: number;
}

/** What an answer means for an item. */
export type Outcome =
  | { kind: 'sent'; id?: number }
  | { kind: 'retry' }
  | { kind: 'signin' }
  | { kind: 'token' }
  | { kind: 'duplicate'; caseId: number }
  | { kind: 'refused'; problems: Problem[] };

/** The outcome of an HTTP answer (status 0: no answer at all, i.e. no network). */
export function outcomeOf(status: number, body: any): Outcome {
  if (status === 200 || status === 201) return { kind: 'sent', id: typeof body?.id === 'number' ? body.id : undefined };
  if (status === 0 || status === 408 || status === 429 || status >= 500) return { kind: 'retry' };
  if (status === 401) return { kind: 'signin' };
  if (status === 400 && body?.code === 'antiforgery') return { kind: 'token' };
  if (status === 409 && typeof body?.duplicateOf === 'number') return { kind: 'duplicate', caseId: body.duplicateOf };
  return { kind: 'refused', problems: problemsOf({ status, statusText: String(status) }, body) };
}

/** The item after an outcome (null when sent: it leaves the outbox). */
export function afterOutcome(item: OutboxItem, outcome: Outcome): OutboxItem | null {
  const attempts = item.attempts + 1;
  switch (outcome.kind) {
    case 'sent': return null;
    case 'retry':
    case 'token': return { ...item, attempts, state: 'waiting' };
    case 'signin': return { ...item, attempts, state: 'signin' };
    case 'duplicate': return { ...item, attempts, state: 'duplicate', duplicateOf: outcome.caseId };
    case 'refused': return { ...item, attempts, state: 'refused', problems: outcome.problems };
  }
}

const skipped = new Set(['__requestverificationtoken', 'clientid']);

/** A form's text fields to keep: files travel as photos, the token and the id are the outbox's own. */
export function fieldsOf(entries: Iterable<[string, FormDataEntryValue]>): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of entries) if (typeof value === 'string' && !skipped.has(name.toLowerCase())) fields.push([name, value]);
  return fields;
}

/** A new item from a form's data: its text fields, its photos (empty file inputs left out), waiting to be sent. */
export function itemFromForm(data: FormData, meta: Pick<OutboxItem, 'clientId' | 'user' | 'kind' | 'api' | 'title'>, now = new Date()): OutboxItem {
  return {
    ...meta, fields: fieldsOf(data.entries()), photos: data.getAll('photos').filter((p): p is File => p instanceof File && p.size > 0),
    createdAt: now.toISOString(), state: 'waiting', attempts: 0,
  };
}

/** The multipart body the API takes: the fields as typed, the client's id, each photo under "photos". */
export function bodyOf(item: Pick<OutboxItem, 'fields' | 'photos' | 'clientId'>): FormData {
  const body = new FormData();
  for (const [name, value] of item.fields) if (value !== '') body.append(name, value);
  body.append('clientId', item.clientId);
  item.photos.forEach((photo, i) => body.append('photos', photo, photo.name || `photo-${i + 1}.jpg`));
  return body;
}

/** The reporter confirms that a case near an open one is a new problem: sent again with confirmNew. */
export function confirmedNew(item: OutboxItem): OutboxItem {
  return { ...item, state: 'waiting', duplicateOf: undefined, fields: [...item.fields.filter(([n]) => n.toLowerCase() !== 'confirmnew'), ['confirmNew', 'true']] };
}

/** The items a user sends now: theirs, waiting, oldest first. */
export function toSend(items: OutboxItem[], user: string): OutboxItem[] {
  return items.filter(i => i.user === user && i.state === 'waiting').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
