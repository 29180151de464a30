// The map's state lives in the URL, so a leader can send a link to exactly what they see.

export type Theme = 'status' | 'progress' | 'programme';

export interface MapState {
  theme: Theme;
  programme: string[];
  township: string;
  status: string;
  overdue: boolean;
  pilot: boolean;
  showcase: boolean;
  q: string;
  /** Responsible unit (a team's own sites). */
  unit: string;
  /** An area drawn on the map: lon/lat ring. */
  area: [number, number][];
  site: number | null;
  /** Layers switched off. */
  hidden: string[];
  center?: [number, number];
  zoom?: number;
}

const themes: Theme[] = ['status', 'progress', 'programme'];

export function readState(params: URLSearchParams): MapState {
  const number = (key: string) => {
    const v = params.get(key);
    return v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const list = (key: string) => (params.get(key) ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const theme = params.get('theme') as Theme;
  const x = number('x');
  const y = number('y');
  const site = number('site');
  return {
    theme: themes.includes(theme) ? theme : 'status',
    programme: list('programme'),
    township: params.get('township') ?? '',
    status: params.get('status') ?? '',
    overdue: params.get('overdue') === '1',
    pilot: params.get('pilot') === '1',
    showcase: params.get('showcase') === '1',
    q: params.get('q') ?? '',
    unit: params.get('unit') ?? '',
    area: (params.get('area') ?? '').split(',').map((p) => p.trim().split(' ').map(Number)).filter((p) => p.length === 2 && p.every(Number.isFinite)) as [number, number][],
    site: site ?? null,
    hidden: list('hide'),
    center: x !== undefined && y !== undefined ? [x, y] : undefined,
    zoom: number('z'),
  };
}

/** The filter part, as the API takes it. */
export function filterParams(state: MapState): string {
  const p = new URLSearchParams();
  if (state.programme.length > 0) p.set('programme', state.programme.join(','));
  if (state.township) p.set('township', state.township);
  if (state.status) p.set('status', state.status);
  if (state.overdue) p.set('overdue', '1');
  if (state.pilot) p.set('pilot', '1');
  if (state.showcase) p.set('showcase', '1');
  if (state.q) p.set('q', state.q);
  if (state.unit) p.set('unit', state.unit);
  if (state.area.length >= 3) p.set('area', state.area.map(([x, y]) => `${x.toFixed(6)} ${y.toFixed(6)}`).join(','));
  return p.toString();
}

export function writeState(state: MapState): string {
  const p = new URLSearchParams(filterParams(state));
  if (state.theme !== 'status') p.set('theme', state.theme);
  if (state.hidden.length > 0) p.set('hide', state.hidden.join(','));
  if (state.site !== null) p.set('site', String(state.site));
  if (state.center) {
    p.set('x', state.center[0].toFixed(5));
    p.set('y', state.center[1].toFixed(5));
  }
  if (state.zoom !== undefined) p.set('z', state.zoom.toFixed(2));
  return p.toString();
}
