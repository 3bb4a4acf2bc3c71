// An event store in, the encoded Dataset out (README §Model 1): per user the N most recent input
// events (before the label cutoff, when labels are built from the log), left-aligned, most
// recent last; every channel as tokens or normalised numbers; one label per user and task.
// Cheap to redo: changing N, the minimum, the vocabulary cap or a label task never rereads
// the file.
import type { LabelBuilder } from '../run/runSpec';
import { encodeDense, encodeDiscrete, encodeTimeGap, ID_VOCAB_CAP, type Layout } from './channels';
import type { Dataset, DenseChannel, DiscreteChannel } from './dataset';
import type { EventStore } from './eventStore';
import { compileTask, describeWindow, labelWindow, type LabelWindow } from './labelBuilder';
import { DataError, showValue } from './rawTable';
import { splitUsers } from './split';
import { checkTasks, type BuiltLabels } from './taskCheck';
import { firstAtOrAfter, orderByUser } from './userOrder';

export interface BuildOptions {
  name: string;
  /** N: input events kept per user, the most recent. */
  seqLen: number;
  /** Users with fewer input events are left out. */
  minEvents?: number;
  idVocabCap?: number;
  idShardRows?: number;
  labelBuilder?: LabelBuilder;
  /** The run's user split: vocabularies are then fitted on training users only (validation
   *  IDs may be unseen: they go to OOV buckets), and every task must have both classes
   *  among the validation users. */
  split?: { valFraction: number; seed: number };
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function buildDataset(store: EventStore, opts: BuildOptions): Dataset {
  const { seqLen } = opts;
  if (!Number.isInteger(seqLen) || seqLen < 1) {
    throw new DataError({ problem: `The sequence length ${seqLen} is not a positive whole number.`, hint: 'Choose N ≥ 1.' });
  }
  const builder = opts.labelBuilder && opts.labelBuilder.tasks.length > 0 ? opts.labelBuilder : null;
  if (store.labels.length === 0 && !builder) {
    throw new DataError({
      problem: 'Training needs at least one task, and no column is mapped as a label.',
      hint: 'Build a label from the log with the label builder (e.g. "any event in the 30 days after a cutoff"), or map a column holding a 0/1 value per user as "label".',
    });
  }
  const window = builder ? labelWindow(builder, store) : null;
  const rules = builder ? builder.tasks.map((t) => compileTask(t, store)) : [];
  const { order, offsets } = orderByUser(store);
  const kept = keepUsers(store, order, offsets, window, opts.minEvents ?? 1);
  const numUsers = kept.users.length;
  if (numUsers < 2) throw tooFewUsers(store, kept.users, window);
  const split = opts.split ? splitUsers(numUsers, opts.split.valFraction, opts.split.seed) : null;
  const length = Int32Array.from(kept.inputEnd, (n) => Math.min(seqLen, n));
  const layout = layOut(kept, order, offsets, length, seqLen, split?.train ?? null);
  const inputs = store.discrete.filter((c) => c.input);
  const d = inputs.length;
  const tokens = new Int32Array(numUsers * seqLen * d);
  const discrete: DiscreteChannel[] = inputs.map((c, j) => encodeDiscrete(c, layout, opts.idVocabCap ?? ID_VOCAB_CAP, j, d, tokens));
  const width = store.dense.length + (store.time ? 1 : 0);
  const denseValues = new Float32Array(numUsers * seqLen * width);
  const dense: DenseChannel[] = store.dense.map((c, j) => encodeDense(c, layout, j, width, denseValues));
  const timeGapBucket = new Int32Array(numUsers * seqLen);
  if (store.time) dense.push(encodeTimeGap(store.time, previousTimes(store.time, kept, order, offsets, length), layout, width, denseValues, timeGapBucket));
  const labels = readLabels(store, kept, order, offsets, builder, rules);
  const tasks = checkTasks(labels, numUsers, split?.val ?? null, window ? describeWindow(window) : '');
  return {
    name: opts.name,
    numUsers,
    seqLen,
    userIds: Array.from(kept.users, (u) => store.userIds[u]),
    discrete,
    dense,
    tasks,
    length,
    tokens,
    denseValues,
    timeGapBucket,
    labels: labels.labels,
    labelMask: labels.labelMask,
    notes: notes(store, kept, window, opts.minEvents ?? 1),
    idShardRows: opts.idShardRows,
  };
}

interface KeptUsers {
  /** Store user index of each dataset user. */
  users: Int32Array;
  /** Input events of each kept user (those before the cutoff). */
  inputEnd: Int32Array;
  /** End of the label window, as an index into the user's ordered events. */
  windowEnd: Int32Array;
  noHistory: number;
  tooFew: number;
}

function keepUsers(store: EventStore, order: Int32Array, offsets: Int32Array, window: LabelWindow | null, minEvents: number): KeptUsers {
  const users: number[] = [];
  const inputEnd: number[] = [];
  const windowEnd: number[] = [];
  let noHistory = 0;
  let tooFew = 0;
  for (let u = 0; u < store.userIds.length; u++) {
    const seq = order.subarray(offsets[u], offsets[u + 1]);
    if (seq.length === 0) continue;
    let end = seq.length;
    let wEnd = seq.length;
    if (window?.byTime) {
      end = firstAtOrAfter(seq, store.time!, window.cutoff);
      wEnd = firstAtOrAfter(seq, store.time!, window.end);
    } else if (window) {
      end = Math.max(0, seq.length - window.events);
    }
    if (end === 0) noHistory++;
    else if (end < minEvents) tooFew++;
    else {
      users.push(u);
      inputEnd.push(end);
      windowEnd.push(wEnd);
    }
  }
  return { users: Int32Array.from(users), inputEnd: Int32Array.from(inputEnd), windowEnd: Int32Array.from(windowEnd), noHistory, tooFew };
}

function layOut(kept: KeptUsers, order: Int32Array, offsets: Int32Array, length: Int32Array, seqLen: number, train: Int32Array | null): Layout {
  const total = length.reduce((a, b) => a + b, 0);
  const events = new Int32Array(total);
  const slots = new Int32Array(total);
  const fit = new Uint8Array(total).fill(train ? 0 : 1);
  const isTrain = new Uint8Array(length.length);
  if (train) for (const u of train) isTrain[u] = 1;
  let k = 0;
  for (let i = 0; i < kept.users.length; i++) {
    const start = offsets[kept.users[i]] + kept.inputEnd[i] - length[i];
    for (let p = 0; p < length[i]; p++, k++) {
      events[k] = order[start + p];
      slots[k] = i * seqLen + p;
      if (train && isTrain[i]) fit[k] = 1;
    }
  }
  return { events, slots, fit };
}

/** Time of the event before each kept event (NaN for a user's first). */
function previousTimes(times: Float64Array, kept: KeptUsers, order: Int32Array, offsets: Int32Array, length: Int32Array): Float64Array {
  const out = new Float64Array(length.reduce((a, b) => a + b, 0)).fill(NaN);
  let k = 0;
  for (let i = 0; i < kept.users.length; i++) {
    const base = offsets[kept.users[i]];
    const start = kept.inputEnd[i] - length[i];
    for (let p = 0; p < length[i]; p++, k++) if (start + p > 0) out[k] = times[order[base + start + p - 1]];
  }
  return out;
}

function readLabels(
  store: EventStore,
  kept: KeptUsers,
  order: Int32Array,
  offsets: Int32Array,
  builder: LabelBuilder | null,
  rules: ((w: Int32Array) => 0 | 1)[],
): BuiltLabels {
  const names = [...store.labels.map((l) => l.name), ...(builder?.tasks.map((t) => t.name) ?? [])];
  const K = names.length;
  const numUsers = kept.users.length;
  const labels = new Float32Array(numUsers * K);
  const labelMask = new Float32Array(numUsers * K);
  for (let i = 0; i < numUsers; i++) {
    const u = kept.users[i];
    store.labels.forEach((l, t) => {
      if (l.perUser[u] < 0) return;
      labels[i * K + t] = l.perUser[u];
      labelMask[i * K + t] = 1;
    });
    if (rules.length === 0) continue;
    const w = order.subarray(offsets[u] + kept.inputEnd[i], offsets[u] + kept.windowEnd[i]);
    rules.forEach((rule, r) => {
      const t = store.labels.length + r;
      labels[i * K + t] = rule(w);
      labelMask[i * K + t] = 1;
    });
  }
  return { names, fromLog: names.map((_, t) => t >= store.labels.length), labels, labelMask };
}

function tooFewUsers(store: EventStore, users: Int32Array, window: LabelWindow | null): DataError {
  const hint = window
    ? 'Move the label cutoff later (or shorten the window) so that more users have events before it, or lower the minimum events per user.'
    : 'Training and validation are split by user: the file needs events of many users. Check that the user column is the right one, or lower the minimum events per user.';
  if (users.length === 1) {
    return new DataError({ problem: `Only one user (${showValue(store.userIds[users[0]])}) has events to learn from.`, column: store.userColumn, hint });
  }
  const problem = store.events === 0 ? `No row has both a user and ${store.time ? 'a time' : 'an event'}.` : 'No user is left to learn from.';
  return new DataError({ problem, column: store.userColumn, hint });
}

function notes(store: EventStore, kept: KeptUsers, window: LabelWindow | null, minEvents: number): string[] {
  const out: string[] = [];
  const rows = (n: number, what: string) => `${count(n, 'row')} without ${what} ${n === 1 ? 'was' : 'were'} left out.`;
  if (store.droppedNoUser > 0) out.push(rows(store.droppedNoUser, 'a user'));
  if (store.droppedNoTime > 0) out.push(rows(store.droppedNoTime, 'a time'));
  if (window) out.push(`Labels from the log: inputs are the events before the label window (${describeWindow(window)}).`);
  if (kept.noHistory > 0) out.push(`${count(kept.noHistory, 'user')} without events before the label window ${kept.noHistory === 1 ? 'was' : 'were'} left out.`);
  if (kept.tooFew > 0) out.push(`${count(kept.tooFew, 'user')} with fewer than ${minEvents} events ${kept.tooFew === 1 ? 'was' : 'were'} left out (minimum events per user).`);
  return out;
}
