// The label builder's draft: what the user typed, numbers as text ("2.", "-", "2.5" while
// typing), read into a LabelBuilder only when applied. A text that is no number is refused
// with why, per field, instead of becoming NaN or a default.
import type { ColumnMapping, LabelBuilder, LabelTask } from '../../run/runSpec';
import { parseNumber } from '../numberText';

export type TaskDraft = Omit<LabelTask, 'threshold'> & { threshold: string };

export interface BuilderDraft {
  cutoff: string;
  windowDays: string;
  windowEvents: string;
  tasks: TaskDraft[];
}

/** Which input an error belongs to: 'windowDays', 'windowEvents', 'threshold 0', 'name 1', 'column 2'. */
export type DraftErrors = Record<string, string>;

export function draftOf(b: LabelBuilder): BuilderDraft {
  return {
    cutoff: b.cutoff,
    windowDays: String(b.windowDays),
    windowEvents: String(b.windowEvents),
    tasks: b.tasks.map((t) => ({ ...t, threshold: String(t.threshold ?? 0) })),
  };
}

/**
 * The builder the draft says, and the errors of its inputs (none: it can be applied). `hasTime`:
 * the window is in days (else in events); `labelColumns`: tasks of the file, which a built task
 * must not be named like.
 */
export function readDraft(d: BuilderDraft, hasTime: boolean, labelColumns: readonly string[] = []): { builder: LabelBuilder; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const days = parseNumber(d.windowDays, { above: 0 });
  const events = parseNumber(d.windowEvents, { integer: true, min: 1 });
  // Only the window the log uses is checked (the other keeps its last good value).
  if (hasTime && !days.ok) errors.windowDays = days.error;
  if (!hasTime && !events.ok) errors.windowEvents = events.error;
  const tasks = d.tasks.map((t, i): LabelTask => {
    const name = t.name.trim();
    if (name === '') errors[`name ${i}`] = 'give the task a name';
    if (t.kind === 'any') return { name, kind: 'any' };
    if (!t.column) errors[`column ${i}`] = 'choose a column';
    if (t.kind === 'match') return { name, kind: 'match', column: t.column, op: t.op ?? 'equals', value: t.value ?? '' };
    const threshold = parseNumber(t.threshold);
    if (!threshold.ok) errors[`threshold ${i}`] = threshold.error;
    return { name, kind: 'sum', column: t.column, threshold: threshold.ok ? threshold.value : 0 };
  });
  const names = tasks.map((t) => t.name);
  names.forEach((n, i) => {
    if (n !== '' && names.indexOf(n) !== i) errors[`name ${i}`] = `two tasks are named "${n}": give each its own name`;
    if (labelColumns.includes(n)) errors[`name ${i}`] = `the file has a label column "${n}": give this task another name`;
  });
  return {
    builder: { cutoff: d.cutoff.trim(), windowDays: days.ok ? days.value : 30, windowEvents: events.ok ? events.value : 1, tasks },
    errors,
  };
}

/** A new task named task1, task2…, summing the first dense column when it becomes a sum. */
export function newTask(tasks: TaskDraft[], columns: ColumnMapping[]): TaskDraft {
  let n = tasks.length + 1;
  while (tasks.some((t) => t.name === `task${n}`)) n++;
  return { name: `task${n}`, kind: 'any', column: columns.find((c) => c.role === 'dense')?.name, threshold: '0' };
}
