// Where each kept input event goes in the dataset's [users, N] arrays: a user's N most recent
// input events, left-aligned, most recent last (dataset.ts); and what the encoders read of it.
import type { Layout } from './channels';
import type { StoredDense } from './eventStore';
import type { InputEvents } from './inputEvents';

/** The last `length[i]` of each user's input events; `train` (dataset user indices) marks the events vocabularies are fitted on (null = all). */
export function layOut(inputs: InputEvents, length: Int32Array, seqLen: number, train: Int32Array | null): Layout {
  const total = length.reduce((a, b) => a + b, 0);
  const events = new Int32Array(total);
  const slots = new Int32Array(total);
  const positions = new Int32Array(total);
  const fit = new Uint8Array(total).fill(train ? 0 : 1);
  const isTrain = new Uint8Array(length.length);
  if (train) for (const u of train) isTrain[u] = 1;
  let k = 0;
  for (let i = 0; i < length.length; i++) {
    const start = inputs.start[i] + inputs.count[i] - length[i];
    for (let p = 0; p < length[i]; p++, k++) {
      positions[k] = start + p;
      events[k] = inputs.order[start + p];
      slots[k] = i * seqLen + p;
      if (train && isTrain[i]) fit[k] = 1;
    }
  }
  return { events, slots, positions, fit, seqLen };
}

/** Time of the input event before each kept event (NaN for a user's first), which may be older than the N kept. */
export function previousTimes(times: Float64Array, inputs: InputEvents, length: Int32Array): Float64Array {
  const out = new Float64Array(length.reduce((a, b) => a + b, 0)).fill(NaN);
  let k = 0;
  for (let i = 0; i < length.length; i++) {
    const start = inputs.count[i] - length[i];
    for (let p = 0; p < length[i]; p++, k++) if (start + p > 0) out[k] = times[inputs.order[inputs.start[i] + start + p - 1]];
  }
  return out;
}

/** Each kept event's value of dense column `j` (NaN = missing): a merged event's sum, else its row's value. */
export function denseInputs(c: StoredDense, j: number, inputs: InputEvents, layout: Layout): Float64Array {
  const merged = inputs.merged?.dense[j];
  return merged ? Float64Array.from(layout.positions, (p) => merged[p]) : Float64Array.from(layout.events, (e) => c.values[e]);
}

/** Rows each kept event merged (data.mergeSameTime); ones without merging. */
export function mergedRows(inputs: InputEvents, layout: Layout): Float64Array {
  const rows = inputs.merged?.rows;
  return rows ? Float64Array.from(layout.positions, (p) => rows[p]) : new Float64Array(layout.positions.length).fill(1);
}
