// The legend beside the map: a swatch and a label per entry (filled, or outlined for the overdue mark).
import type { LegendEntry } from './styles';

export function renderLegend(container: HTMLElement, entries: LegendEntry[]) {
  container.replaceChildren();
  for (const entry of entries) {
    const row = document.createElement('div');
    row.className = `legend-row${entry.outline ? ' outline' : ''}`;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = entry.outline ? 'transparent' : entry.color;
    if (entry.outline) swatch.style.borderColor = entry.color;
    const label = document.createElement('span');
    label.textContent = entry.label;
    row.append(swatch, label);
    container.append(row);
  }
}
