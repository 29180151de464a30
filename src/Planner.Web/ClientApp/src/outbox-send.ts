// Sending the outbox: each waiting item posted with a fresh antiforgery token; the answer decides whether it leaves
// the outbox, waits for the network, or waits for the user. One sender at a time per browser (Web Locks), though the
// server would store a repeat once anyway.
import { afterOutcome, bodyOf, outcomeOf, toSend, type OutboxItem, type Outcome } from './outbox';
import { itemsOf, putItem, removeItem } from './outbox-store';

/** A fresh token for the API's multipart posts; null without network or when signed out. */
export async function freshToken(): Promise<string | null> {
  try {
    const response = await fetch('/api/my/csrf', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
    return response.ok ? (await response.json()).token as string : null;
  } catch {
    return null;
  }
}

/** Posts one item; a network failure is an answer too (status 0: try later). */
export async function post(item: OutboxItem, token: string): Promise<{ outcome: Outcome; body: any }> {
  try {
    const response = await fetch(item.api, {
      method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-TOKEN': token, Accept: 'application/json' }, body: bodyOf(item),
    });
    const body = await response.json().catch(() => ({}));
    return { outcome: outcomeOf(response.status, body), body };
  } catch {
    return { outcome: outcomeOf(0, null), body: null };
  }
}

/** Posts an item, fetching a new token once if the one it had was stale; records the outcome in the store. */
export async function sendOne(item: OutboxItem, token: string | null): Promise<{ outcome: Outcome; body: any; token: string | null }> {
  token ??= await freshToken();
  if (token === null) return { outcome: outcomeOf(0, null), body: null, token };
  let answer = await post(item, token);
  if (answer.outcome.kind === 'token') {
    token = await freshToken();
    if (token !== null) answer = await post(item, token);
  }
  const next = afterOutcome(item, answer.outcome);
  if (next === null) await removeItem(item.clientId);
  else await putItem(next);
  return { ...answer, token };
}

/** The signed-in user, as the page names them (each item is sent only by its own user). */
export function pageUser(doc: Pick<Document, 'querySelector'> = document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="planner-user"]')?.content ?? '';
}

/** Kept first, sent second: a page closed mid-upload or a dropped network loses nothing. Without network it only keeps. */
export async function keepAndSend(item: OutboxItem, token: string | null): Promise<{ outcome: Outcome; body: any }> {
  await putItem(item);
  return navigator.onLine ? sendOne(item, token) : { outcome: { kind: 'retry' }, body: null };
}

/** Sends the user's waiting items, oldest first; stops at the first network failure. Returns how many were sent. */
export async function flush(user: string): Promise<number> {
  const work = async () => {
    let sent = 0;
    let token: string | null = null;
    for (const item of toSend(await itemsOf(user), user)) {
      const answer = await sendOne(item, token);
      token = answer.token;
      if (answer.outcome.kind === 'sent') sent++;
      if (answer.outcome.kind === 'retry' || answer.outcome.kind === 'signin') break;
    }
    return sent;
  };
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('planner-outbox', work) : work();
}
