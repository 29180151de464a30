// What the page tells the map module: the user's language, the district, what they may do. Declared once.

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

/** Reads the configuration the server rendered into the page (JSON in a script element, so no inline script runs). */
export function readConfig(doc: Document = document): Config {
  return JSON.parse(doc.getElementById('planner-config')!.textContent!);
}

/** A UI text by key, the key itself when the server sent none. */
export function texts(config: Pick<Config, 'text'>): (key: string) => string {
  return (key: string) => config.text[key] ?? key;
}
