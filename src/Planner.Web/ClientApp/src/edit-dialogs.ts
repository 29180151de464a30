// The boxes the editor shows above the site form: the faults the server found, the sites a shape overlaps (with the
// choice to save anyway), and a conflict with a version saved meanwhile (with the choice to load it or keep one's own).
// All text goes in as textContent.
import { problemList, type Overlap, type Problem } from './api';
import type { ConflictRow } from './edit-form';

type Text = (key: string) => string;

/** The faults under the editor's heading. */
export function problemsBox(text: Text, problems: Problem[]): HTMLElement[] {
  const heading = document.createElement('p');
  heading.textContent = text('edit.problems');
  return [heading, problemList(problems)];
}

/** The sites the shape overlaps; with onConfirm, a button to save it anyway. */
export function overlapBox(text: Text, overlaps: Overlap[], onConfirm: (() => void) | null): HTMLElement {
  const box = document.createElement('div');
  box.className = 'overlaps';
  const p = document.createElement('p');
  p.textContent = text('edit.overlaps');
  const list = document.createElement('ul');
  for (const o of overlaps) {
    const li = document.createElement('li');
    li.dataset.id = String(o.id);
    li.textContent = `${o.code} ${o.name}: ${Math.round(o.areaM2).toLocaleString()} m²`;
    list.append(li);
  }
  box.append(p, list);
  if (onConfirm) {
    const button = document.createElement('button');
    button.type = 'button';
    button.id = 'confirm-overlap';
    button.textContent = text('edit.overlapConfirm');
    button.addEventListener('click', onConfirm);
    box.append(button);
  }
  return box;
}

export interface Conflict {
  /** The version saved meanwhile. */
  version: unknown;
  rows: ConflictRow[];
  /** The shape's row (theirs, yours) when the shapes differ. */
  geometry: [string, string] | null;
  /** The form's label of a field. */
  label: (field: string) => string;
  loadTheirs: () => void;
  saveMine: () => void;
}

/** Someone saved first: what differs, and the planner's choice; nothing is overwritten silently. */
export function conflictBox(text: Text, conflict: Conflict): HTMLElement {
  const box = document.createElement('div');
  box.className = 'conflict';
  box.setAttribute('role', 'alert');
  const p = document.createElement('p');
  p.textContent = text('edit.conflict').replace('{0}', String(conflict.version ?? '?'));
  const table = document.createElement('table');
  const head = table.insertRow();
  for (const h of ['', text('edit.theirs'), text('edit.yours')]) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  for (const row of conflict.rows) addRow(table, row.field, [conflict.label(row.field), row.theirs, row.yours]);
  if (conflict.geometry) addRow(table, 'geometry', [text('edit.geometry'), ...conflict.geometry]);
  box.append(p, table, button('conflict-load-theirs', text('edit.loadTheirs'), conflict.loadTheirs),
    button('conflict-save-mine', text('edit.saveMine'), conflict.saveMine));
  return box;
}

function addRow(table: HTMLTableElement, field: string, cells: string[]) {
  const row = table.insertRow();
  row.dataset.field = field;
  for (const cell of cells) row.insertCell().textContent = cell;
}

function button(id: string, label: string, onClick: () => void) {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}
