import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import type { Theme } from './state';

export const statusColors: Record<string, string> = {
  planning: '#9aa5b1',
  approved: '#7b61ff',
  design: '#3e7cb1',
  tender: '#17a2b8',
  construction: '#f0a202',
  completed: '#2f9e44',
  accepted: '#1b5e20',
  suspended: '#5c5f66',
};

export const programmeColors: Record<string, string> = {
  road: '#c2185b',
  compound: '#1565c0',
  fringe: '#6a1b9a',
};

// Five classes of progress (and of % completed per township): red through yellow to green.
const progressClasses = ['#d73027', '#fc8d59', '#fee08b', '#91cf60', '#1a9850'];
export function progressColor(percent: number): string {
  return progressClasses[Math.min(4, Math.floor(percent / 20))];
}

const overdueColor = '#e00000';
const selectedColor = '#00b8d4';

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

function themeColor(f: FeatureLike, theme: Theme): string {
  switch (theme) {
    case 'progress': return progressColor(f.get('progress'));
    case 'programme': return programmeColors[f.get('programme')] ?? '#555';
    default: return statusColors[f.get('status')] ?? '#555';
  }
}

const cache = new Map<string, Style[]>();

/** The kind of shape a feature has: a tile's feature says it itself, a GeoJSON one through its geometry. */
function shapeOf(f: FeatureLike): string | undefined {
  return 'getGeometry' in f && typeof f.getGeometry === 'function' ? f.getGeometry()?.getType() : (f as { getType(): string }).getType();
}

/**
 * A site: coloured by the theme; overdue sites get a red outline whatever the theme. Roads draw above areas. A site
 * too small to draw at the zoom arrives from the tiles as a point and shows as a dot; at district zoom one dot may
 * stand for several (the status most of them have, their median progress, overdue if any is).
 */
export function siteStyle(f: FeatureLike, theme: Theme, selected: boolean, outlined = true): Style[] {
  const color = themeColor(f, theme);
  const overdue = f.get('overdue') === true;
  const line = f.get('programme') === 'road';
  const point = shapeOf(f) === 'Point';
  // Below the list's zoom a dot can stand for several small sites close together (its count): a little larger.
  const many = Number(f.get('count') ?? 1) > 1;
  const key = `${color}|${overdue}|${line}|${selected}|${point}|${many}|${outlined}`;
  let styles = cache.get(key);
  if (styles) return styles;
  styles = [];
  if (point) {
    styles.push(new Style({
      zIndex: line ? 2 : 1,
      image: new CircleStyle({
        radius: selected ? 6 : many ? 5 : 4,
        fill: new Fill({ color }),
        stroke: new Stroke({ color: selected ? selectedColor : overdue ? overdueColor : '#ffffff', width: selected || overdue ? 2 : 1 }),
      }),
    }));
  } else if (line) {
    if (selected) styles.push(new Style({ zIndex: 2, stroke: new Stroke({ color: selectedColor, width: 11 }) }));
    if (overdue) styles.push(new Style({ zIndex: 2, stroke: new Stroke({ color: overdueColor, width: 8 }) }));
    styles.push(new Style({ zIndex: 2, stroke: new Stroke({ color, width: 4, lineCap: 'round' }) }));
  } else {
    styles.push(new Style({
      zIndex: 1,
      fill: new Fill({ color: withAlpha(color, outlined ? 0.55 : 0.7) }),
      stroke: overdue ? new Stroke({ color: overdueColor, width: 3 }) : outlined ? new Stroke({ color, width: 1.5 }) : undefined,
    }));
    if (selected) styles.push(new Style({ zIndex: 1, stroke: new Stroke({ color: selectedColor, width: 4 }) }));
  }
  cache.set(key, styles);
  return styles;
}

/** Townships: at district zoom a choropleth of % completed with counts; zoomed in, plain boundaries. */
export function townshipStyle(f: FeatureLike, summary: boolean, overdueWord: string): Style {
  if (!summary) {
    return new Style({ stroke: new Stroke({ color: '#52606d', width: 1.5, lineDash: [6, 4] }) });
  }
  const overdue = f.get('overdue') as number;
  return new Style({
    fill: new Fill({ color: withAlpha(progressColor(f.get('percentDone')), f.get('total') > 0 ? 0.65 : 0.15) }),
    stroke: new Stroke({ color: '#323f4b', width: 1.2 }),
    text: new Text({
      text: `${f.get('name')}\n${f.get('percentDone')}% · ${f.get('done')}/${f.get('total')}${overdue > 0 ? `\n${overdueWord} ${overdue}` : ''}`,
      font: '12px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
      fill: new Fill({ color: '#1f2933' }),
      stroke: new Stroke({ color: '#ffffff', width: 3 }),
      overflow: true,
    }),
  });
}

export interface LegendEntry { color: string; label: string; outline?: boolean }

export function legendEntries(theme: Theme, statuses: { code: string; label: string }[], programmes: { code: string; label: string }[], overdueWord: string): LegendEntry[] {
  const entries: LegendEntry[] =
    theme === 'status' ? statuses.map((s) => ({ color: statusColors[s.code], label: s.label }))
    : theme === 'programme' ? programmes.map((p) => ({ color: programmeColors[p.code], label: p.label }))
    : progressClasses.map((c, i) => ({ color: c, label: `${i * 20}–${i * 20 + 20}%` }));
  entries.push({ color: overdueColor, label: overdueWord, outline: true });
  return entries;
}

export function choroplethEntries(percentDoneWord: string): LegendEntry[] {
  return progressClasses.map((c, i) => ({ color: c, label: `${percentDoneWord} ${i * 20}–${i * 20 + 20}%` }));
}
