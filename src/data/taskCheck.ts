// A task must have both classes to train: with one class the loss has nothing to separate
// and the AUC is undefined (NaN). Such a task is refused here, before training, with what
// to change; also when the validation users alone have one class.
import type { TaskInfo } from './dataset';
import { DataError } from './rawTable';

export interface BuiltLabels {
  names: string[];
  /** Per task: built by the label builder (else read from a label column). */
  fromLog: boolean[];
  /** [users, K] */
  labels: Float32Array;
  labelMask: Float32Array;
}

function tally(l: BuiltLabels, t: number, users: Iterable<number>): { labelled: number; positives: number } {
  const K = l.names.length;
  let labelled = 0;
  let positives = 0;
  for (const u of users) {
    labelled += l.labelMask[u * K + t];
    positives += l.labels[u * K + t] * l.labelMask[u * K + t];
  }
  return { labelled, positives };
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

export function checkTasks(l: BuiltLabels, numUsers: number, val: Int32Array | null, window: string): TaskInfo[] {
  return l.names.map((name, t) => {
    const { labelled, positives } = tally(l, t, range(numUsers));
    const column = l.fromLog[t] ? undefined : name;
    if (labelled === 0) {
      throw new DataError({ problem: `Task ${name} has no labels: every cell of the column is empty.`, column, hint: 'Fill it in, map another column or build a label.' });
    }
    if (positives === 0 || positives === labelled) {
      const only = positives === 0 ? 'negative' : 'positive';
      throw new DataError({
        problem: `Task ${name} has only ${only} labels (${labelled} users): AUC needs both classes;`,
        column,
        hint: l.fromLog[t]
          ? `in the window ${window} ${positives === 0 ? 'no user meets the task: widen the window, move the cutoff earlier, or lower the threshold' : 'every user meets the task: narrow the window or raise the threshold'}.`
          : 'map another column or build a label.',
      });
    }
    if (val) {
      const v = tally(l, t, val);
      if (v.labelled > 0 && (v.positives === 0 || v.positives === v.labelled)) {
        throw new DataError({
          problem: `Task ${name} has only ${v.positives === 0 ? 'negative' : 'positive'} labels among the ${v.labelled} validation users, so its validation AUC would be undefined.`,
          column,
          hint: 'Raise the validation share, use more users, or change the task so that its rarer class is more common.',
        });
      }
    }
    return { name, labelled, positives };
  });
}

/** Labelled users and positives per task, with no check (scoring new users: a task may have no labels there). */
export function tallyTasks(l: BuiltLabels, numUsers: number): TaskInfo[] {
  return l.names.map((name, t) => ({ name, ...tally(l, t, range(numUsers)) }));
}
