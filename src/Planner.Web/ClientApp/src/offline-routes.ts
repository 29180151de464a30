// What the service worker keeps and how (sw.ts), and what the pages warm up (offline.ts): one definition for both.

/** Bumped when what is cached changes shape: older caches are then dropped on activation. */
export const cacheVersion = 'v1';
export const pageCache = `planner-pages-${cacheVersion}`;
export const staticCache = `planner-static-${cacheVersion}`;
export const dataCache = `planner-data-${cacheVersion}`;
export const plannerCaches = [pageCache, staticCache, dataCache];

/** Kept when the worker installs: the page shown for what is not kept, and what it needs. */
export const precached = ['/offline.html', '/css/site.css', '/favicon.svg', '/manifest.webmanifest', '/icons/icon-192.png'];

/**
 * page: network first, the kept copy without network (the field pages);
 * navigate: network, the offline page without it (everything else a user opens);
 * static: the kept copy, refreshed in the background (versioned assets);
 * data: network first, the kept copy without network (the work list's data, categories, thumbnails);
 * network: never kept (the map's data, exports, edits, originals of photos, other sites' tiles).
 */
export type Strategy = 'page' | 'navigate' | 'static' | 'data' | 'network';

const fieldPages = [/^\/$/, /^\/Work$/i, /^\/Outbox$/i, /^\/Cases\/New$/i, /^\/Cases\/Detail\/\d+$/i, /^\/Sites\/Report\/\d+$/i];
const staticPaths = [/^\/css\//, /^\/js\//, /^\/icons\//, /^\/favicon\.svg$/, /^\/manifest\.webmanifest$/, /^\/offline\.html$/];

export function strategyFor(url: URL, method: string, mode: string, origin: string): Strategy {
  if (method !== 'GET' || url.origin !== origin) return 'network';
  const path = url.pathname;
  if (mode === 'navigate') return fieldPages.some(p => p.test(path)) ? 'page' : 'navigate';
  if (staticPaths.some(p => p.test(path))) return 'static';
  if (path === '/api/my/work' || path === '/api/cases/categories') return 'data';
  if (/^\/api\/photos\/\d+$/.test(path) && url.searchParams.get('size') === 'thumb') return 'data';
  if (fieldPages.some(p => p.test(path))) return 'page'; // the pages warming up fetches (not navigations)
  return 'network';
}

/** An answer worth keeping: complete, and not the sign-in page a session's end redirects to. */
export function keepable(response: Pick<Response, 'ok' | 'status' | 'redirected' | 'url' | 'type'>): boolean {
  if (!response.ok || response.status !== 200 || response.type === 'opaque') return false;
  return !(response.redirected && /\/Account\/Login/i.test(new URL(response.url).pathname));
}
