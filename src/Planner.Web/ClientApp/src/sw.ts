// The service worker (bundled to /sw.js, scope /): keeps the field pages, their assets and the work list so a phone
// opens them without network; everything else goes to the network as before. Reports and cases made offline are
// not the worker's business: the pages keep them in the outbox (IndexedDB) and send them (offline.ts).
import { dataCache, keepable, pageCache, plannerCaches, precached, staticCache, strategyFor } from './offline-routes';

// The DOM and WebWorker libraries cannot be loaded together: the few worker types used, declared here.
interface ExtendableEvent extends Event { waitUntil(promise: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent { request: Request; respondWith(response: Promise<Response>): void }
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
}
const worker = self as unknown as WorkerScope;

/** How long a page waits for the network before the kept copy is shown (a weak signal is worse than none). */
const networkTimeoutMs = 4000;

worker.addEventListener('install', (e) => {
  e.waitUntil(caches.open(staticCache).then(c => c.addAll(precached)).then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('planner-') && !plannerCaches.includes(key)) await caches.delete(key);
    await worker.clients.claim();
  })());
});

worker.addEventListener('fetch', (e) => {
  const request = e.request;
  const url = new URL(request.url);
  const strategy = strategyFor(url, request.method, request.mode, worker.location.origin);
  switch (strategy) {
    case 'page': e.respondWith(networkFirst(request, pageCache, true)); break;
    case 'data': e.respondWith(networkFirst(request, dataCache, false)); break;
    case 'static': e.respondWith(keptFirst(request, e)); break;
    case 'navigate': e.respondWith(fetch(request).catch(() => offlinePage())); break;
    default: break; // the browser's own handling
  }
});

async function networkFirst(request: Request, cacheName: string, isPage: boolean): Promise<Response> {
  const cache = await caches.open(cacheName);
  const network = fetch(request).then(async (response) => {
    if (keepable(response)) await cache.put(request, response.clone());
    return response;
  });
  network.catch(() => undefined); // a late failure after the kept copy was shown is not an error
  try {
    return await Promise.race([network, timeout(networkTimeoutMs)]);
  } catch {
    const kept = await cache.match(request) ?? (isPage ? await cache.match(request, { ignoreSearch: true }) : undefined);
    if (kept) return kept;
    try {
      return await network; // slow, not gone: wait for it after all
    } catch {
      return isPage ? offlinePage() : new Response(null, { status: 503, statusText: 'offline' });
    }
  }
}

async function keptFirst(request: Request, e: ExtendableEvent): Promise<Response> {
  const cache = await caches.open(staticCache);
  const kept = await cache.match(request);
  const network = fetch(request).then(async (response) => {
    if (keepable(response)) await cache.put(request, response.clone());
    return response;
  });
  if (kept) {
    e.waitUntil(network.catch(() => undefined)); // refreshed for next time
    return kept;
  }
  return network;
}

async function offlinePage(): Promise<Response> {
  return (await caches.match('/offline.html')) ?? new Response('offline', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}
