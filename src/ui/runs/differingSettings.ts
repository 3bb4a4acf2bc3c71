// What tells ticked runs apart (as W&B names runs in a comparison): only the settings whose
// values differ between them, each in the words of the settings panel.
import { showValue } from '../../run/explain';
import { FIELDS, fieldValue } from '../../run/fields';
import type { RunSpec } from '../../run/runSpec';
import { fieldLabel } from '../fieldLabels';

/** Per run, "Label: value" of every setting that differs between `specs` (empty with one run or identical ones). */
export function differingSettings(specs: RunSpec[]): string[][] {
  if (specs.length < 2) return specs.map(() => []);
  const differing = FIELDS.filter((f) => new Set(specs.map((s) => JSON.stringify(fieldValue(s, f.key)))).size > 1);
  return specs.map((s) => differing.map((f) => (f.json ? `${fieldLabel(f.key)} ${short(fieldValue(s, f.key))}` : `${fieldLabel(f.key)}: ${showValue(fieldValue(s, f.key))}`)));
}

/** A list or object setting in brief (a file by its name, a list by its length). */
function short(v: unknown): string {
  if (v === null) return 'none';
  if (Array.isArray(v)) return `(${v.length} item${v.length === 1 ? '' : 's'})`;
  const name = (v as { name?: unknown }).name;
  return typeof name === 'string' ? `'${name}'` : showValue(v);
}
