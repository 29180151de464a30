// What the page tells the map module: the user's language, the district, what they may do. Declared once.
import { HALF_SIZE as MERCATOR_HALF_SIZE } from 'ol/proj/epsg3857';

export interface Config {
  language: string;
  extent: [number, number, number, number];
  basemap: { type: 'osm' | 'tianditu' | 'none'; osmUrl: string; tiandituKey?: string | null };
  programmes: { code: string; label: string }[];
  statuses: { code: string; label: string }[];
  canEdit: boolean;
  text: Record<string, string>;
}

/** Below this zoom the map shows the township summary; from it on, the sites. */
export const SITE_ZOOM = 14;

/** A finger's slack: a tap this many pixels off a site still picks it. */
export const HIT_TOLERANCE = 4;

/**
 * From this zoom on an area site has an outline beside its fill. Below it a compound is a few pixels across and the
 * outlines of 10⁴ sites in view cost the browser a tenth of the first draw without showing anything the fill does not;
 * an overdue site keeps its red outline at every zoom.
 */
export const OUTLINE_ZOOM = 15;

/** Web Mercator's metres per pixel at zoom 0 for 256-pixel tiles (OpenLayers' default view). */
const ZOOM0_RESOLUTION = (2 * MERCATOR_HALF_SIZE) / 256;

/** Whether sites drawn at a resolution (metres per pixel) are outlined (see OUTLINE_ZOOM), with room for rounding. */
export function outlinedAt(resolution: number): boolean {
  return resolution <= ZOOM0_RESOLUTION / 2 ** OUTLINE_ZOOM * 1.001;
}

/** Reads the configuration the server rendered into the page (JSON in a script element, so no inline script runs). */
export function readConfig(doc: Document = document): Config {
  return JSON.parse(doc.getElementById('planner-config')!.textContent!);
}

/** A UI text by key, the key itself when the server sent none. */
export function texts(config: Pick<Config, 'text'>): (key: string) => string {
  return (key: string) => config.text[key] ?? key;
}
