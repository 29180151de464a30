// Calls to the server's API: reads that send the user to sign in when the session has ended, and edits that carry
// the site's ETag (If-Match) so that concurrent changes never silently overwrite each other.

/** A fault the server names: where (field, vertex …), what, and for geometry faults where on the map. */
/** A refusal's problem: where (as the API spells it), label (the same in the user's words), what. */
export interface Problem { where: string; label?: string; what: string; at?: [number, number] | null }

/** A site of the same programme that a drawn shape overlaps. */
export interface Overlap { id: number; code: string; name: string; areaM2: number }

/** GETs JSON; a 401 goes to the sign-in page and comes back here afterwards. */
export async function fetchJson(url: string, signal: AbortSignal) {
  const response = await fetch(url, { signal, headers: { Accept: 'application/geo+json' }, credentials: 'same-origin' });
  if (response.status === 401) {
    location.href = signInHref(location.pathname + location.search);
    throw new Error('signed out');
  }
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

export function signInHref(returnUrl: string): string {
  return `/Account/Login?ReturnUrl=${encodeURIComponent(returnUrl)}`;
}

/** Sends JSON to the editing API; returns the answer and its JSON body ({} when it has none). */
export async function send(url: string, method: string, body?: unknown, etag?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/geo+json', Accept: 'application/geo+json' };
  if (etag !== undefined) headers['If-Match'] = etag;
  const response = await fetch(url, { method, credentials: 'same-origin', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { response, body: await response.json().catch(() => ({})) };
}

/** The problems a refusal names, or one made of its status and message. */
export function problemsOf(response: Pick<Response, 'status' | 'statusText'>, body: any): Problem[] {
  return body?.problems ?? [{ where: String(response.status), what: body?.detail ?? body?.title ?? response.statusText }];
}

/** The problems as the list a form shows above its fields (each "where: what"); the caller adds its heading. */
export function problemList(problems: Problem[]): HTMLUListElement {
  const list = document.createElement('ul');
  list.className = 'problems';
  list.setAttribute('role', 'alert');
  for (const p of problems) {
    const li = document.createElement('li');
    const where = document.createElement('b');
    where.textContent = p.label ?? p.where;
    li.append(where, `: ${p.what}`);
    list.append(li);
  }
  return list;
}

/** Where an export link points: the format (or the printable sheets) with the map's current filters. */
export function exportHref(format: string, filter: string): string {
  return format === 'sheets'
    ? `/Sites/Sheets${filter ? `?${filter}` : ''}`
    : `/api/sites/export?format=${encodeURIComponent(format)}${filter ? `&${filter}` : ''}`;
}
