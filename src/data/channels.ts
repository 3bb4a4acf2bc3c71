// The kept events' values as model inputs: discrete columns as tokens of a vocabulary (by
// descending frequency, capped for ID channels, unseen IDs and IDs of too few users in hashed
// OOV buckets), dense columns normalised, and the derived time-gap and event-age channels.
import type { DenseNorm } from '../run/runSpec';
import { ageToBucket, FIRST_TOKEN, OOV_TOKEN, timeGapToBucket, type DenseChannel, type DiscreteChannel } from './dataset';
import { applyDense, fitDense, type DenseFit } from './denseScale';
import type { StoredDiscrete } from './eventStore';

/** Most frequent values kept in an ID channel by default; the rest share hashed OOV buckets. */
export const ID_VOCAB_CAP = 50_000;

/** Hashed out-of-vocabulary buckets of an ID channel with values left out of its vocabulary. */
export const OOV_BUCKETS = 8;

/** Name of the dense channel derived from the time column. */
export const TIME_GAP_CHANNEL = 'time_gap';

/** Name of the dense channel of merged events: the rows each one merged (data.mergeSameTime). */
export const MERGED_ROWS_CHANNEL = 'merged_rows';

/** Where the kept events go: event index and flat slot (user * seqLen + position). */
export interface Layout {
  events: Int32Array;
  slots: Int32Array;
  /** Per kept event: its index among the input events (inputEvents.ts), where merged values are. */
  positions: Int32Array;
  /** Per kept event: 1 when its user is a training user (vocabularies are fitted on those). */
  fit: Uint8Array;
  seqLen: number;
}

/** How a discrete channel's vocabulary is chosen. */
export interface VocabRules {
  /** ID channels: most frequent values kept. */
  cap: number;
  /** ID channels: a value needs this many distinct training users (1 = any value seen). */
  minUsers: number;
}

/** FNV-1a: a fixed string hash, so an unseen ID lands in the same bucket on every machine. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function encodeDiscrete(c: StoredDiscrete, layout: Layout, rules: VocabRules, j: number, width: number, tokens: Int32Array): DiscreteChannel {
  const counts = new Int32Array(c.values.length);
  const seen: number[] = [];
  for (let k = 0; k < layout.events.length; k++) {
    const code = c.codes[layout.events[k]];
    if (code < 0 || !layout.fit[k]) continue;
    if (counts[code]++ === 0) seen.push(code);
  }
  const isId = c.kind === 'id';
  // An ID only one user has (an invoice number) cannot generalise to other users.
  const common = isId && rules.minUsers > 1 ? withUsers(c, layout, seen, rules.minUsers) : seen;
  // Array.prototype.sort is stable: equal counts stay in first-seen order.
  const kept = common.sort((a, b) => counts[b] - counts[a]).slice(0, isId ? rules.cap : Infinity);
  const token = new Int32Array(c.values.length);
  kept.forEach((code, i) => (token[code] = FIRST_TOKEN + i));
  let unseen = false;
  for (let k = 0; k < layout.events.length && !unseen; k++) {
    const code = c.codes[layout.events[k]];
    unseen = code >= 0 && token[code] === 0;
  }
  const buckets = c.kind === 'id' && unseen ? OOV_BUCKETS : 0;
  const firstBucket = FIRST_TOKEN + kept.length;
  for (let k = 0; k < layout.events.length; k++) {
    const code = c.codes[layout.events[k]];
    let t = OOV_TOKEN;
    if (code >= 0) t = token[code] || (buckets > 0 ? firstBucket + (hashString(c.values[code]) % buckets) : OOV_TOKEN);
    tokens[layout.slots[k] * width + j] = t;
  }
  const channel: DiscreteChannel = { name: c.name, kind: c.kind, vocabSize: firstBucket + buckets, values: kept.map((code) => c.values[code]) };
  if (buckets > 0) channel.oovBuckets = buckets;
  if (common.length < seen.length) channel.tooFewUsers = seen.length - common.length;
  return channel;
}

/** The codes of `seen` that at least `minUsers` distinct training users have (layout is user-major). */
function withUsers(c: StoredDiscrete, layout: Layout, seen: number[], minUsers: number): number[] {
  const users = new Int32Array(c.values.length);
  const lastUser = new Int32Array(c.values.length).fill(-1);
  for (let k = 0; k < layout.events.length; k++) {
    const code = c.codes[layout.events[k]];
    if (code < 0 || !layout.fit[k]) continue;
    const user = Math.floor(layout.slots[k] / layout.seqLen);
    if (lastUser[code] !== user) {
      lastUser[code] = user;
      users[code]++;
    }
  }
  return seen.filter((code) => users[code] >= minUsers);
}

/** A dense channel: `xs[k]` is kept event k's value (NaN = missing), normalised as `norm` says. */
/** `fitted`: a trained model's normalisation (scoring new users), else fitted on `xs`. */
export function encodeDense(name: string, norm: DenseNorm, xs: Float64Array, layout: Layout, j: number, width: number, out: Float32Array, fitted?: DenseFit): DenseChannel {
  const fit = fitted ?? fitDense(xs, norm);
  for (let k = 0; k < xs.length; k++) out[layout.slots[k] * width + j] = applyDense(fit, xs[k]);
  return denseChannel(name, fit);
}

const denseChannel = (name: string, fit: DenseFit): DenseChannel => ({ name, kind: 'dense', mean: fit.mean, std: fit.std, transform: fit.transform, lo: fit.lo, hi: fit.hi });

/**
 * The derived "time_gap" channel: log1p of hours since the user's previous event, which may
 * be older than the N kept (the first kept event still has a known gap). A user's first
 * event has none: 0 after standardisation, bucket 0. `previous[k]` is the time of the event
 * before kept event k, NaN for a first event.
 */
export function encodeTimeGap(
  times: Float64Array,
  previous: Float64Array,
  layout: Layout,
  width: number,
  out: Float32Array,
  buckets: Int32Array,
  fitted?: DenseFit,
): DenseChannel {
  const hours = new Float64Array(layout.events.length);
  for (let k = 0; k < hours.length; k++) {
    const seconds = (times[layout.events[k]] - previous[k]) / 1000;
    buckets[layout.slots[k]] = timeGapToBucket(seconds);
    hours[k] = seconds / 3600;
  }
  const fit = fitted ?? fitDense(hours, 'log1p');
  for (let k = 0; k < hours.length; k++) out[layout.slots[k] * width + width - 1] = applyDense(fit, hours[k]);
  return denseChannel(TIME_GAP_CHANNEL, fit);
}

/** Each kept event's age bucket at the prediction time (ageToBucket), into `buckets` [users, seqLen]. */
export function encodeAge(times: Float64Array, predictionTime: number, layout: Layout, buckets: Int32Array): void {
  for (let k = 0; k < layout.events.length; k++) buckets[layout.slots[k]] = ageToBucket((predictionTime - times[layout.events[k]]) / 1000);
}
