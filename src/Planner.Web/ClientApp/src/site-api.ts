// The editing API (/api/sites/…): its URLs, methods and bodies in one place. Every call that changes a site sends the
// ETag of the version the planner saw (If-Match), so the server refuses a change made over someone else's (412).
import { send, type Problem, type Overlap } from './api';

/** A GeoJSON geometry object as OpenLayers writes it (CGCS2000 lon/lat). */
export type GeometryJson = { type: string; coordinates: unknown };

/** A site as the API sends it: a Feature with the site's fields, its version and its measures. */
export interface SiteFeatureJson {
  type: 'Feature';
  id: number;
  geometry: GeometryJson;
  properties: Record<string, unknown> & { programme?: string; version?: number; areaM2?: number; lengthM?: number };
}

/** What the server says of a drawn shape before it is saved. */
export interface ShapeCheck {
  areaM2?: number | null;
  areaMu?: number;
  lengthM: number;
  township?: { id: number; name: string } | null;
  problems: Problem[];
  overlaps: Overlap[];
}

/** A progress report from the site's panel. */
export interface ProgressReport { status: string | null; progress: string | null; actualDate: string | null; note: string | null }

/** An answer of the API: the response, and its JSON body ({} when it has none). */
export type Answer<T = any> = { response: Response; body: T };

const feature = (geometry: GeometryJson, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });

export const getSite = (id: number): Promise<Answer<SiteFeatureJson>> => send(`/api/sites/${id}`, 'GET');

/** Measures and checks a shape on the server (township, faults, overlaps); <id> is the site it replaces, if any. */
export const checkShape = (geometry: GeometryJson, programme: string, id: number | null): Promise<Answer<ShapeCheck>> =>
  send(`/api/sites/check${id !== null ? `?id=${id}` : ''}`, 'POST', feature(geometry, { programme }));

/** Creates a site (id null) or changes one; an overlap the planner has seen is confirmed, or the server answers 409. */
export function saveSite(id: number | null, geometry: GeometryJson, properties: Record<string, unknown>, etag: string, confirmOverlap: boolean): Promise<Answer> {
  const query = confirmOverlap ? '?confirmOverlap=true' : '';
  return id === null
    ? send(`/api/sites${query}`, 'POST', feature(geometry, properties))
    : send(`/api/sites/${id}${query}`, 'PUT', feature(geometry, properties), etag);
}

export const splitSite = (id: number, line: GeometryJson, etag: string): Promise<Answer> =>
  send(`/api/sites/${id}/split`, 'POST', feature(line, {}), etag);

/** Merges <other> into <id>; the other site's version is sent too, so neither is merged over a change. */
export const mergeSites = (id: number, other: number, otherVersion: number, etag: string): Promise<Answer> =>
  send(`/api/sites/${id}/merge`, 'POST', { with: other, withVersion: otherVersion }, etag);

export const deleteSite = (id: number, etag: string): Promise<Answer> => send(`/api/sites/${id}`, 'DELETE', undefined, etag);

export const recordProgress = (id: number, report: ProgressReport, etag: string): Promise<Answer> =>
  send(`/api/sites/${id}/progress`, 'POST', report, etag);
