// Which users a dataset keeps, and which of their events are inputs: the events strictly
// before the prediction time (predictionTime.ts), or without a time column all but a
// positional label window; the label window's end, for the labels. A user without input
// events, or with fewer than the minimum, is left out (and counted, for the notes).
import type { EventStore } from './eventStore';
import type { LabelWindow } from './labelBuilder';
import { firstAtOrAfter, type UserOrder } from './userOrder';

export interface KeptUsers {
  /** Store user index of each dataset user. */
  users: Int32Array;
  /** Input rows of each kept user: its first inputEnd events in time order. */
  inputEnd: Int32Array;
  /** Input events of each kept user as the model counts them: inputEnd, or its distinct times when same-time events are merged. */
  inputEvents: Int32Array;
  /** The label window, as indices into the user's ordered events: [windowStart, windowEnd). */
  windowStart: Int32Array;
  windowEnd: Int32Array;
  noHistory: number;
  tooFew: number;
}

export interface KeepRules {
  window: LabelWindow | null;
  /** Undefined without a time column. */
  predictionTime: number | undefined;
  minEvents: number;
  /** Count same-time rows as one event (for the minimum). */
  merge: boolean;
}

export function keepUsers(store: EventStore, { order, offsets }: UserOrder, rules: KeepRules): KeptUsers {
  const { window, predictionTime, minEvents } = rules;
  const times = store.time;
  const merge = rules.merge && times !== null;
  const users: number[] = [];
  const inputEnd: number[] = [];
  const inputEvents: number[] = [];
  const windowStart: number[] = [];
  const windowEnd: number[] = [];
  let noHistory = 0;
  let tooFew = 0;
  for (let u = 0; u < store.userIds.length; u++) {
    const seq = order.subarray(offsets[u], offsets[u + 1]);
    if (seq.length === 0) continue;
    let end = seq.length;
    if (predictionTime !== undefined) end = firstAtOrAfter(seq, times!, predictionTime);
    else if (window) end = Math.max(0, seq.length - window.events);
    // Inputs end where the window starts unless an earlier prediction time leaves a gap.
    const wStart = window?.byTime ? firstAtOrAfter(seq, times!, window.cutoff) : end;
    const wEnd = window?.byTime ? firstAtOrAfter(seq, times!, window.end) : seq.length;
    const events = merge ? distinctTimes(seq, times!, end) : end;
    if (end === 0) noHistory++;
    else if (events < minEvents) tooFew++;
    else {
      users.push(u);
      inputEnd.push(end);
      inputEvents.push(events);
      windowStart.push(wStart);
      windowEnd.push(wEnd);
    }
  }
  const ends = Int32Array.from(inputEnd);
  return {
    users: Int32Array.from(users),
    inputEnd: ends,
    inputEvents: merge ? Int32Array.from(inputEvents) : ends,
    windowStart: Int32Array.from(windowStart),
    windowEnd: Int32Array.from(windowEnd),
    noHistory,
    tooFew,
  };
}

/** Distinct times among the first `end` of `seq`'s events (in time order, so equal times are adjacent). */
export function distinctTimes(seq: Int32Array, times: Float64Array, end: number): number {
  let n = 0;
  for (let p = 0; p < end; p++) if (p === 0 || times[seq[p]] !== times[seq[p - 1]]) n++;
  return n;
}
