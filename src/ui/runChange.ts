// What a change of the run means for the page: what the worker must do with the new run, whether
// the dataset on screen still describes it, whether it can train yet, and the change in words
// (asked before trained steps are thrown away).
import { FIELDS, fieldValue } from '../run/fields';
import { showValue } from '../run/explain';
import type { RunSpec } from '../run/runSpec';
import { fieldLabel } from './fieldLabels';

/** A file run whose mapping has no label column and whose label builder has no task: it cannot train yet. */
export function missingTask(spec: RunSpec): boolean {
  const { source, columns, labelBuilder } = spec.data;
  // No columns yet means "as inferred from the file": the worker decides then.
  return source === 'file' && columns.length > 0 && !columns.some((c) => c.role === 'label') && labelBuilder.tasks.length === 0;
}

/**
 * What the worker does with a run: `prepare` builds its dataset and model; `read` only reads the
 * file's rows (a file run without a task: the next step is building one, and the log's time span
 * helps); `wait` for the run's file to be dropped.
 */
export type Load = 'prepare' | 'read' | 'wait';

export function loadFor(spec: RunSpec, loadedSha256: string | null): Load {
  if (spec.data.source === 'demo') return 'prepare';
  if (!spec.data.file || spec.data.file.sha256 !== loadedSha256) return 'wait';
  return missingTask(spec) ? 'read' : 'prepare';
}

/** Whether `b` trains on the same dataset as `a` (source, file, mapping, labels, N…): a summary of one then still describes the other. */
export function sameData(a: RunSpec, b: RunSpec): boolean {
  return JSON.stringify(a.data) === JSON.stringify(b.data);
}

const MAX_LINES = 6;

/** The settings `to` changes from `from`, one line each: "Learning rate: 0.01 → 0.02", "Labels from the log changed". */
export function describeChange(from: RunSpec, to: RunSpec): string[] {
  const lines = FIELDS.flatMap((f) => {
    const [a, b] = [fieldValue(from, f.key), fieldValue(to, f.key)];
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    return [f.json ? `${fieldLabel(f.key)} changed` : `${fieldLabel(f.key)}: ${showValue(a)} → ${showValue(b)}`];
  });
  return lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), `and ${lines.length - MAX_LINES + 1} more settings`] : lines;
}
