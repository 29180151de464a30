// What the editing forms send and show, apart from the page: the site form's fields as a Feature's properties, a
// progress report, the measure of a checked shape, and where two versions of a site differ.
import { problemsOf, type Problem } from './api';
import type { ProgressReport, ShapeCheck } from './site-api';

/** A form control as far as the form's values go. */
export interface FieldLike { name: string; type: string; value: string; checked: boolean }

/** The site form's fields as the Feature's properties: checkboxes as booleans, empty fields left out. */
export function formProperties(fields: Iterable<FieldLike>): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const field of fields) {
    if (!field.name) continue;
    if (field.type === 'checkbox') properties[field.name] = field.checked;
    else if (field.value.trim() !== '') properties[field.name] = field.value.trim();
  }
  // A township chosen by hand overrides the one the shape lies in.
  properties.townshipAssigned = Boolean(properties.township);
  return properties;
}

/** The panel's progress form as the report the API takes (a field the form lacks, or an empty date or note, as null). */
export function progressReport(value: (name: string) => FormDataEntryValue | null): ProgressReport {
  const field = (name: string) => { const v = value(name); return v === null ? null : v.toString(); };
  return { status: field('status'), progress: field('progress'), actualDate: field('actualDate') || null, note: field('note') || null };
}

/** The problems a refused progress report names (problemsOf), under the names of the form's fields (the API's actualEnd is the form's actualDate). */
export function progressProblems(status: number, statusText: string, body: any): Problem[] {
  const named = body?.problems?.length > 0 ? body : { detail: body?.detail };
  return problemsOf({ status, statusText }, named).map((p) => (p.where === 'actualEnd' ? { ...p, where: 'actualDate' } : p));
}

/** A checked shape's exact measure and township, or a dash when it is faulty and lies in no township. */
export function shapeMeasure(check: ShapeCheck): string {
  if (check.problems.length > 0 && !check.township) return '—';
  const measure = check.areaM2 !== null && check.areaM2 !== undefined
    ? `${Math.round(check.areaM2).toLocaleString()} m² / ${(check.areaMu ?? 0).toFixed(2)} 亩`
    : `${Math.round(check.lengthM).toLocaleString()} m`;
  return check.township ? `${measure} · ${check.township.name}` : measure;
}

/** A field whose saved value (theirs) differs from the planner's (yours). */
export interface ConflictRow { field: string; theirs: string; yours: string }

/**
 * Where the planner's form differs from the version someone else saved first. Fields the form does not send as the
 * site's (programme, townshipAssigned) are left out, and an unticked box equals a flag the site does not carry.
 */
export function conflictRows(yours: Record<string, unknown>, theirs: Record<string, unknown>): ConflictRow[] {
  const rows: ConflictRow[] = [];
  for (const [field, value] of Object.entries(yours)) {
    if (field === 'townshipAssigned' || field === 'programme') continue;
    const their = theirs[field];
    if (String(their ?? '') === String(value ?? '') || (value === false && their === undefined)) continue;
    rows.push({ field, theirs: String(their ?? ''), yours: String(value ?? '') });
  }
  return rows;
}
