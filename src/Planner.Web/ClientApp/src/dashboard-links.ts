// Where a dashboard chart's element leads: the map (and its list) with the dashboard's filters and the element's own.
// Pure, so that the links are tested without a browser.

/** The map's filters the dashboard carries on (the period is the dashboard's own). */
const carried = ['programme', 'township', 'status', 'overdue', 'pilot', 'showcase', 'q'];

export function mapLink(dashboardQuery: string, extra: Record<string, string>): string {
  const from = new URLSearchParams(dashboardQuery);
  const to = new URLSearchParams();
  for (const name of carried) {
    const value = from.get(name);
    if (value) to.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) to.set(name, value);
  const query = to.toString();
  return `/Map${query ? `?${query}` : ''}`;
}

/** The statuses a township bar's series stands for. */
export function seriesFilter(series: 'completed' | 'overdue' | 'construction' | 'sites'): Record<string, string> {
  switch (series) {
    case 'completed': return { status: 'completed,accepted' };
    case 'overdue': return { overdue: '1' };
    case 'construction': return { status: 'construction' };
    default: return {};
  }
}
