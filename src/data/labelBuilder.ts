// Labels built from the log itself, for logs without a label column. A cutoff splits each
// user's history: the events before it are the model's inputs, the events in the window
// after it decide the labels. Nothing at or after the cutoff reaches the inputs, so a task
// like "buys again in the next 30 days" cannot leak into the sequence it is predicted from.
// Without a time column the window is each user's last k events.
import type { LabelBuilder, LabelTask } from '../run/runSpec';
import type { EventStore } from './eventStore';
import { DataError } from './rawTable';

const DAY_MS = 86_400_000;

export interface LabelWindow {
  /** Time-based: inputs are events with time < cutoff; labels read [cutoff, end). */
  cutoff: number;
  end: number;
  /** Position-based (no time column): the last `events` events of each user. */
  events: number;
  byTime: boolean;
}

export function labelWindow(builder: LabelBuilder, store: EventStore): LabelWindow {
  if (!store.time) return { cutoff: NaN, end: NaN, events: builder.windowEvents, byTime: false };
  const span = builder.windowDays * DAY_MS;
  // '': the window ends just after the last event, so that event still counts.
  const cutoff = builder.cutoff === '' ? endOfLog(store.time) - span : parseCutoff(builder.cutoff);
  const window = { cutoff, end: cutoff + span, events: builder.windowEvents, byTime: true };
  checkWindow(window, builder, store.timeColumn);
  return window;
}

/** The largest time a Date holds (ms either side of 1970); a window past it cannot be shown or compared. */
const MAX_TIME = 8.64e15;

function checkWindow(w: LabelWindow, builder: LabelBuilder, timeColumn: string | null): void {
  if (Math.abs(w.cutoff) <= MAX_TIME && Math.abs(w.end) <= MAX_TIME) return;
  const column = timeColumn ?? undefined;
  if (builder.cutoff === '' && !Number.isFinite(w.cutoff)) {
    throw new DataError({ problem: 'No event of the log has a time, so the label window cannot be placed at its end.', column, hint: 'Check that the time column is mapped and its cells read as times, or build labels without a time column.' });
  }
  if (Number.isNaN(w.cutoff)) {
    throw new DataError({ problem: `The label cutoff "${builder.cutoff}" is not a date or time.`, hint: 'Write it as an ISO date or date-time (2011-09-01 or 2011-09-01T12:00, UTC unless a zone is given), or leave it empty.' });
  }
  throw new DataError({
    problem: `The label window (cutoff "${builder.cutoff || 'end of the log'}", ${builder.windowDays} days) reaches past the dates a browser can hold (about 270,000 years either side of 1970).`,
    hint: 'Choose a cutoff within the time span of the log, or a shorter window.',
  });
}

/** Just after the log's last event (ms since 1970), so that a window or inputs ending there include it. */
export function endOfLog(times: Float64Array): number {
  let max = -Infinity;
  for (const t of times) if (t > max) max = t;
  return max + 1;
}

/** An ISO date or date-time; without a zone it is UTC, like the times of the log. */
export function parseCutoff(text: string): number {
  const iso = text.trim().replace(' ', 'T');
  const zoned = /[zZ]$|[+-]\d\d:?\d\d$/.test(iso) || !iso.includes('T');
  const t = Date.parse(zoned ? iso : `${iso}Z`);
  // Not ISO ("2024-01-20 10:00 GMT", "Jan 20 2024"): read as the run schema read it, so that a cutoff it accepted is a time here too.
  return Number.isNaN(t) ? Date.parse(text) : t;
}

/** Decides one task from the window events of one user. */
export type TaskRule = (windowEvents: Int32Array) => 0 | 1;

/** Checks a task against the store's columns and compiles it to a rule over event indices. */
export function compileTask(task: LabelTask, store: EventStore): TaskRule {
  if (task.kind === 'any') return (w) => (w.length > 0 ? 1 : 0);
  const column = task.column ?? '';
  const dense = store.dense.find((c) => c.name === column);
  const discrete = store.discrete.find((c) => c.name === column);
  if (!dense && !discrete) {
    throw new DataError({
      problem: `Label task "${task.name}" reads the column "${column}", which is not loaded${column ? ' (it is the user, time or a label column, or not in the file)' : ''}.`,
      column: column || undefined,
      hint: 'Choose a category, ID or dense column of the file in the label builder.',
    });
  }
  if (task.kind === 'sum') {
    if (!dense) {
      throw new DataError({
        problem: `Label task "${task.name}" sums the column "${column}", which is not mapped as dense (numeric).`,
        column,
        hint: 'Sum a dense column (an amount, a quantity), or use "any event whose column equals…" for a category or ID.',
      });
    }
    const threshold = task.threshold ?? 0;
    const v = dense.values;
    return (w) => {
      let sum = 0;
      for (const e of w) if (!Number.isNaN(v[e])) sum += v[e];
      return sum >= threshold ? 1 : 0;
    };
  }
  const wanted = (task.value ?? '').trim();
  if (wanted === '') {
    throw new DataError({ problem: `Label task "${task.name}" has no value to match.`, column, hint: 'Type the value (or, for "equals", a comma-separated list of values) to look for.' });
  }
  const contains = task.op === 'contains';
  const options = new Set(wanted.split(',').map((s) => s.trim()).filter(Boolean));
  const test = (s: string) => (contains ? s.includes(wanted) : options.has(s));
  if (dense) {
    const targets = [...options].map(Number);
    const v = dense.values;
    // A number compares by value (12 equals 12.0); contains compares the digits as written.
    return (w) => (w.some((e) => (contains ? test(String(v[e])) : targets.some((x) => Math.fround(x) === v[e]))) ? 1 : 0);
  }
  const hit = Uint8Array.from(discrete!.values, (s) => (test(s) ? 1 : 0));
  const codes = discrete!.codes;
  return (w) => (w.some((e) => codes[e] >= 0 && hit[codes[e]] === 1) ? 1 : 0);
}

export function describeWindow(w: LabelWindow): string {
  if (!w.byTime) return `the last ${w.events} event${w.events === 1 ? '' : 's'} of each user`;
  return `${minutes(w.cutoff)} to ${minutes(w.end)} UTC`;
}

/** A time to the minute, UTC, as the UI shows it. */
export function describeTime(t: number): string {
  return `${minutes(t)} UTC`;
}

// Cut at the seconds, not at a fixed width: a year past 9999 is written with six digits and a sign.
const minutes = (t: number) => new Date(t).toISOString().replace(/:\d\d\.\d+Z$/, '').replace('T', ' ');
