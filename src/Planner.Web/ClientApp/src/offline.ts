// Every signed-in page: registers the service worker, shows how many reports wait to be sent, keeps the field forms'
// reports in the outbox until the server has them, sends them when the network returns, and on 我的任务 warms the
// pages a field user needs offline. On 待发送 it lists what waits, with the photos.
import { problemList } from './api';
import { confirmedNew, itemFromForm, type OutboxItem, type OutboxKind } from './outbox';
import { itemsOf, putItem, removeItem } from './outbox-store';
import { flush, keepAndSend, pageUser } from './outbox-send';
import { dataCache, pageCache, plannerCaches, staticCache } from './offline-routes';
import { markHiddenEdges, revealCurrentPage } from './page-header';

// This is the script every page loads: the header's current link is shown here too.
const headerNav = document.querySelector<HTMLElement>('body > header nav');
revealCurrentPage(headerNav);
markHiddenEdges(headerNav);

const texts: Record<string, string> = JSON.parse(document.getElementById('offline-text')?.textContent ?? '{}');
const text = (key: string, arg?: string | number) => (texts[`offline.${key}`] ?? key).replace('{0}', String(arg ?? ''));
const user = pageUser();
/** How many of the work list's report pages a phone keeps (the most urgent first, as the list orders them). */
const keptReportPages = 100;

function setState(state: string) {
  document.body.dataset.outboxState = state;
}

async function updateBadge(): Promise<number> {
  const count = user ? (await itemsOf(user)).length : 0;
  const badge = document.getElementById('outbox-badge');
  if (badge) {
    badge.textContent = text('badge', count);
    badge.hidden = count === 0;
  }
  return count;
}

// --- sending -------------------------------------------------------------------------------------------------

let flushing: Promise<void> | null = null;

/** Sends what waits (once at a time in this page), then refreshes the badge and the outbox list. */
function sendWaiting(): Promise<void> {
  flushing ??= (async () => {
    try {
      if (user && navigator.onLine) {
        setState('sending');
        const sent = await flush(user);
        if (sent > 0) document.body.dataset.outboxSent = String(Number(document.body.dataset.outboxSent ?? 0) + sent);
      }
    } finally {
      const left = await updateBadge();
      await renderOutbox();
      setState(left === 0 ? 'empty' : 'waiting');
      flushing = null;
    }
  })();
  return flushing;
}

// --- the field forms -----------------------------------------------------------------------------------------

function formMessages(form: HTMLFormElement): HTMLElement {
  let messages = form.querySelector<HTMLElement>('.form-messages');
  if (!messages) {
    messages = document.createElement('div');
    messages.className = 'form-messages';
    form.prepend(messages);
  }
  return messages;
}

/** A new id for the next report: a kept page carries the id it was kept with. */
function renew(form: HTMLFormElement) {
  form.dataset.clientId = crypto.randomUUID();
  const input = form.querySelector<HTMLInputElement>('input[name="clientId" i]');
  if (input) input.value = form.dataset.clientId;
}

async function submitForm(form: HTMLFormElement) {
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  const messages = formMessages(form);
  const item = itemFromForm(new FormData(form), {
    clientId: form.dataset.clientId!, user, kind: form.dataset.outbox as OutboxKind, api: form.dataset.api!, title: form.dataset.title ?? document.title,
  });
  if (button) button.disabled = true;
  setState('sending');
  try {
    const { outcome } = await keepAndSend(item, null);
    if (outcome.kind === 'sent') {
      setState('sent');
      location.href = item.kind === 'case' && outcome.id !== undefined ? `/Cases/Detail/${outcome.id}` : form.dataset.done ?? '/Work';
      return;
    }
    if (outcome.kind === 'refused' || outcome.kind === 'duplicate') {
      // Nothing was stored: the page's own post shows what to correct (or the case nearby), with the same fields and photos.
      await removeItem(item.clientId);
      setState('refused');
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    const note = document.createElement('p');
    note.className = outcome.kind === 'signin' ? 'problems' : 'saved';
    const link = document.createElement('a');
    link.href = outcome.kind === 'signin' ? `/Account/Login?ReturnUrl=${encodeURIComponent('/Outbox')}` : '/Outbox';
    const waiting = await updateBadge();
    link.textContent = outcome.kind === 'signin' ? text('signin') : text('saved', waiting);
    note.append(link);
    messages.replaceChildren(note);
    setState(outcome.kind === 'signin' ? 'signin' : 'queued');
    form.reset();
    renew(form);
  } finally {
    if (button) button.disabled = false;
  }
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-outbox]')) {
  renew(form);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (form.reportValidity()) void submitForm(form);
  });
}

// --- 待发送 --------------------------------------------------------------------------------------------------

let thumbnails: string[] = [];

async function renderOutbox() {
  const list = document.getElementById('outbox');
  if (!list || !user) return;
  thumbnails.forEach(URL.revokeObjectURL);
  thumbnails = [];
  const items = await itemsOf(user);
  list.dataset.state = items.length === 0 ? 'empty' : 'waiting';
  if (items.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'hint';
    empty.textContent = text('empty');
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(...items.map(outboxEntry));
}

function outboxEntry(item: OutboxItem): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `outbox-item outbox-${item.state}`;
  li.dataset.clientId = item.clientId;
  const head = document.createElement('p');
  const title = document.createElement('b');
  title.textContent = item.title;
  const when = document.createElement('time');
  when.dateTime = item.createdAt;
  when.textContent = new Date(item.createdAt).toLocaleString();
  const state = document.createElement('span');
  state.className = 'outbox-state';
  state.textContent = item.state === 'duplicate' ? text('duplicateOf', item.duplicateOf) : text(item.state === 'waiting' ? 'waiting' : item.state);
  head.append(title, ' · ', when, ' · ', text('photos', item.photos.length), ' · ', state);
  li.append(head);
  if (item.state === 'duplicate' && item.duplicateOf !== undefined) {
    const link = document.createElement('a');
    link.href = `/Cases/Detail/${item.duplicateOf}`;
    link.textContent = `#${item.duplicateOf}`;
    li.append(link);
  }
  if (item.state === 'refused' && item.problems) li.append(problemList(item.problems));
  const photos = document.createElement('ul');
  photos.className = 'photos';
  for (const photo of item.photos) {
    const url = URL.createObjectURL(photo);
    thumbnails.push(url);
    const img = document.createElement('img');
    img.src = url;
    img.alt = photo.name;
    img.width = 96;
    const entry = document.createElement('li');
    entry.append(img);
    photos.append(entry);
  }
  li.append(photos);
  const actions = document.createElement('div');
  actions.className = 'outbox-actions';
  if (item.state === 'duplicate') actions.append(button(text('confirmNew'), 'confirm-new', async () => {
    await putItem(confirmedNew(item));
    await sendWaiting();
  }));
  if (item.state === 'signin') actions.append(button(text('sendNow'), 'retry', async () => {
    await putItem({ ...item, state: 'waiting' });
    await sendWaiting();
  }));
  actions.append(button(text('discard'), 'discard', async () => {
    if (!confirm(text('discardConfirm'))) return;
    await removeItem(item.clientId);
    await updateBadge();
    await renderOutbox();
  }));
  li.append(actions);
  return li;
}

function button(label: string, action: string, onClick: () => Promise<void>): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.action = action;
  b.textContent = label;
  b.addEventListener('click', () => void onClick());
  return b;
}

document.getElementById('outbox-send')?.addEventListener('click', () => {
  // Signed-out items are tried again too: the user may have signed in since.
  void (async () => {
    for (const item of await itemsOf(user)) if (item.state === 'signin') await putItem({ ...item, state: 'waiting' });
    await sendWaiting();
  })();
});

// --- keeping pages for offline use ----------------------------------------------------------------------------

let warming: Promise<void> = Promise.resolve();
let signingOut = false;

/** On 我的任务: the pages and data a field user needs without network, kept in the service worker's caches. */
async function warm() {
  if (!('caches' in window) || !navigator.onLine) return;
  const pages = new Set<string>([location.pathname, '/Outbox']);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('a[data-offline-keep]')) {
    if (pages.size >= keptReportPages + 3) break;
    pages.add(new URL(a.href).pathname);
  }
  const assets = [...document.querySelectorAll<HTMLLinkElement>('link[rel=stylesheet], link[rel=icon]')].map(l => l.href)
    .concat([...document.querySelectorAll<HTMLScriptElement>('script[src]')].map(s => s.src));
  await Promise.all([
    keep(pageCache, [...pages]),
    keep(staticCache, assets),
    keep(dataCache, ['/api/my/work', '/api/cases/categories']),
  ]);
  document.body.dataset.offlineReady = 'yes';
}

/** Fetches and keeps, four at a time; what fails is simply not kept. */
async function keep(cacheName: string, urls: string[]) {
  const cache = await caches.open(cacheName);
  const queue = [...urls];
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        if (signingOut) return;
        const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
        if (response.ok && !response.redirected && !signingOut) await cache.put(url, response);
      } catch {
        // no network now: kept next time
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

// --- signing out ----------------------------------------------------------------------------------------------

document.querySelector<HTMLFormElement>('form.logout')?.addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.currentTarget as HTMLFormElement;
  void (async () => {
    const waiting = user ? (await itemsOf(user)).length : 0;
    if (waiting > 0 && !confirm(text('signOutPending', waiting))) return;
    // The kept pages hold this user's data; the outbox stays (each item is sent only by its own user).
    // Pages still being kept stop first, or they would land after the caches are gone.
    signingOut = true;
    await warming;
    if ('caches' in window) for (const key of plannerCaches) await caches.delete(key);
    form.submit();
  })();
});

// --- start ----------------------------------------------------------------------------------------------------

async function start() {
  if ('serviceWorker' in navigator) {
    try {
      await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    } catch {
      // no worker (an old browser, a private window): the pages still work online
    }
  }
  await sendWaiting();
  if (document.body.classList.contains('work-page')) await (warming = warm());
  else document.body.dataset.offlineReady = 'yes';
}

window.addEventListener('online', () => void sendWaiting());
window.addEventListener('planner-outbox', () => void updateBadge().then(n => setState(n === 0 ? 'empty' : 'waiting')));
// The online event is not reliable on every phone: look again now and then while something waits.
setInterval(() => { if (document.body.dataset.outboxState === 'waiting') void sendWaiting(); }, 30_000);
void start();

