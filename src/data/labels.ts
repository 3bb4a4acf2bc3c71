// Per-user labels from label columns (one task per column, spec §1): a user's label is the
// value on their rows; a user whose cells are all empty has no label (task indicator δ = 0).
import type { TaskInfo } from './dataset';
import { DataError, isMissing, lineOf, showValue, type RawTable } from './rawTable';
import { parseBinary } from './values';

export interface Labels {
  /** [numUsers, tasks] 0/1, 0 where unlabelled. */
  labels: Float32Array;
  /** [numUsers, tasks] task indicator δ. */
  labelMask: Float32Array;
  tasks: TaskInfo[];
}

export interface LabelColumn {
  col: number;
  name: string;
}

/**
 * Reads every row of each user in `userIndex` (also rows whose event was dropped, e.g. for
 * a missing time: the label is the user's, not the event's).
 */
export function readLabels(
  table: RawTable,
  userCol: number,
  userIndex: Map<string, number>,
  columns: LabelColumn[],
): Labels {
  const numUsers = userIndex.size;
  const k = columns.length;
  const labels = new Float32Array(numUsers * k);
  const labelMask = new Float32Array(numUsers * k);
  // Row of the first label seen per (user, task), to name both rows of a conflict.
  const firstRow = new Int32Array(numUsers * k).fill(-1);
  table.rows.forEach((row, r) => {
    const cell = row[userCol];
    const u = isMissing(cell) ? undefined : userIndex.get(cell.trim());
    if (u === undefined) return;
    columns.forEach(({ col, name }, t) => {
      const y = parseBinary(row[col]);
      if (y === null) return;
      if (y === undefined) throw notBinary(table, r, name, row[col]);
      const i = u * k + t;
      if (firstRow[i] < 0) {
        firstRow[i] = r;
        labels[i] = y;
        labelMask[i] = 1;
      } else if (labels[i] !== y) {
        throw conflict(table, firstRow[i], r, name, cell.trim(), row[col], table.rows[firstRow[i]][col]);
      }
    });
  });
  const tasks = columns.map(({ name }, t) => taskInfo(name, t, k, labels, labelMask, numUsers));
  return { labels, labelMask, tasks };
}

function taskInfo(name: string, t: number, k: number, labels: Float32Array, mask: Float32Array, numUsers: number): TaskInfo {
  let labelled = 0;
  let positives = 0;
  for (let u = 0; u < numUsers; u++) {
    labelled += mask[u * k + t];
    positives += labels[u * k + t];
  }
  const hint = 'map another column or build a label.';
  if (labelled === 0) {
    throw new DataError({ problem: `Task ${name} has no labels: every cell of the column is empty.`, column: name, hint: `Fill it in, ${hint}` });
  }
  if (positives === 0 || positives === labelled) {
    const only = positives === 0 ? 'negative' : 'positive';
    throw new DataError({
      problem: `Task ${name} has only ${only} labels (${labelled} users): AUC needs both classes;`,
      column: name,
      hint,
    });
  }
  return { name, labelled, positives };
}

function notBinary(table: RawTable, r: number, name: string, value: string): DataError {
  return new DataError({
    problem: `The label column holds ${showValue(value)}, which is not a binary label.`,
    row: lineOf(table, r),
    column: name,
    hint: 'A label must be 0/1, true/false or yes/no, or empty for an unlabelled user; map the column as a category if it is not a label.',
  });
}

function conflict(table: RawTable, first: number, r: number, name: string, user: string, value: string, before: string): DataError {
  return new DataError({
    problem: `User ${showValue(user)} has two different labels: ${showValue(before)} on row ${lineOf(table, first)} and ${showValue(value)} here.`,
    row: lineOf(table, r),
    column: name,
    hint: 'A label belongs to the user: give all of their rows the same value (or leave cells empty).',
  });
}
