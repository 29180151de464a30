// The leader's dashboard charts (ECharts, only the parts used): completion over twelve months, townships, programme ×
// status, case categories. Each bar opens the map with the dashboard's filters and the bar's own (dashboard-links.ts).
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { mapLink, seriesFilter } from './dashboard-links';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

interface Config { programmes: Record<string, string>; statuses: Record<string, string>; text: Record<string, string> }
interface Dashboard {
  trend: { month: string; completedPercent: number; completedInMonth: number }[];
  townships: { townshipId: number; name: string; sites: number; completed: number; overdue: number; underConstruction: number }[];
  programmeStatus: { programme: string; status: string; sites: number }[];
  categories: { category: string; name: string; reported: number; closed: number }[];
}

const config: Config = JSON.parse(document.getElementById('dashboard-config')?.textContent ?? '{}');
const t = (key: string) => config.text?.[`dash.${key}`] ?? key;
// Tooltips as text: the page's Content-Security-Policy allows no inline styles, which HTML tooltips need.
const tooltip = { trigger: 'axis' as const, renderMode: 'richText' as const };
const compact = () => window.innerWidth < 600;

function chart(id: string) {
  const element = document.getElementById(id);
  return element ? echarts.init(element, undefined, { renderer: 'canvas' }) : null;
}

function go(extra: Record<string, string>) {
  location.href = mapLink(location.search, extra);
}

async function draw() {
  const response = await fetch(`/api/dashboard${location.search}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) return;
  const data: Dashboard = await response.json();
  const charts: echarts.ECharts[] = [];

  const trend = chart('chart-trend');
  if (trend) {
    trend.setOption({
      tooltip, legend: { top: 0 }, grid: { left: 40, right: 40, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: data.trend.map(p => p.month.slice(2)) },
      yAxis: [{ type: 'value', name: '%', max: 100 }, { type: 'value', minInterval: 1 }],
      series: [
        { name: t('percent'), type: 'line', data: data.trend.map(p => p.completedPercent) },
        { name: t('completedInMonth'), type: 'bar', yAxisIndex: 1, data: data.trend.map(p => p.completedInMonth) },
      ],
    });
    trend.on('click', () => go(seriesFilter('completed')));
    charts.push(trend);
  }

  const townships = chart('chart-townships');
  if (townships) {
    const series = (['completed', 'construction', 'overdue'] as const).map(key => ({
      name: key === 'construction' ? t('construction') : t(key), type: 'bar' as const, id: key,
      data: data.townships.map(b => (key === 'completed' ? b.completed : key === 'overdue' ? b.overdue : b.underConstruction)),
    }));
    townships.setOption({
      tooltip, legend: { top: 0 }, grid: { left: compact() ? 80 : 110, right: 16, top: 30, bottom: 20 },
      yAxis: { type: 'category', data: data.townships.map(b => b.name), inverse: true },
      xAxis: { type: 'value', minInterval: 1 },
      series,
    });
    townships.on('click', (e: any) => go({ township: String(data.townships[e.dataIndex].townshipId), ...seriesFilter(e.seriesId) }));
    charts.push(townships);
  }

  const matrix = chart('chart-matrix');
  if (matrix) {
    const programmes = [...new Set(data.programmeStatus.map(c => c.programme))];
    const statuses = Object.keys(config.statuses).filter(s => data.programmeStatus.some(c => c.status === s));
    matrix.setOption({
      tooltip, legend: { top: 0, type: 'scroll' }, grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: programmes.map(p => config.programmes[p] ?? p) },
      yAxis: { type: 'value', minInterval: 1 },
      series: statuses.map(s => ({
        name: config.statuses[s] ?? s, id: s, type: 'bar', stack: 'sites',
        data: programmes.map(p => data.programmeStatus.find(c => c.programme === p && c.status === s)?.sites ?? 0),
      })),
    });
    matrix.on('click', (e: any) => go({ programme: programmes[e.dataIndex], status: e.seriesId }));
    charts.push(matrix);
  }

  const categories = chart('chart-categories');
  if (categories && data.categories.length === 0) {
    // No axis with nothing on it: say so.
    categories.setOption({ title: { text: t('noCases'), left: 'center', top: 'middle', textStyle: { fontSize: 14, fontWeight: 'normal', color: '#52606d' } } });
    charts.push(categories);
  } else if (categories) {
    categories.setOption({
      tooltip, legend: { top: 0 }, grid: { left: compact() ? 80 : 110, right: 16, top: 30, bottom: 20 },
      yAxis: { type: 'category', data: data.categories.map(c => c.name), inverse: true },
      xAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('reported'), type: 'bar', data: data.categories.map(c => c.reported) },
        { name: t('closed'), type: 'bar', data: data.categories.map(c => c.closed) },
      ],
    });
    charts.push(categories);
  }

  window.addEventListener('resize', () => charts.forEach(c => c.resize()));
  // For scripts and tests, as the map page exposes plannerMap.
  (window as unknown as { plannerDashboard: unknown }).plannerDashboard = { trend, townships, matrix, categories, data };
  document.body.dataset.dashboardState = 'ready';
}

void draw();
