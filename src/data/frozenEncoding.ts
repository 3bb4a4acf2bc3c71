// What a trained model knows of the data it was trained on, to read another log the same way
// (issue 10, scoring new users): each discrete channel's vocabulary and OOV buckets, each dense
// channel's normalisation, the user summary's statistics and the task names. A new log encoded
// with these gives the model the tokens and numbers it learned; a value it never saw goes to
// the hashed OOV buckets of its ID channel (the same bucket on every machine), or to OOV.
import type { DiscreteKind } from '../run/channelKinds';
import type { ColumnMapping } from '../run/runSpec';
import { hashString, MERGED_ROWS_CHANNEL, TIME_GAP_CHANNEL, type Layout } from './channels';
import { FIRST_TOKEN, OOV_TOKEN, type Dataset, type DenseChannel, type DiscreteChannel, type UserFeatureStats } from './dataset';
import type { DenseFit } from './denseScale';
import type { EventStore } from './eventStore';
import { DataError } from './rawTable';

export interface FrozenDiscrete {
  name: string;
  kind: DiscreteKind;
  /** Values of tokens FIRST_TOKEN.., then `oovBuckets` hashed buckets. */
  values: string[];
  oovBuckets: number;
  vocabSize: number;
}

/** A dense channel's normalisation; lo/hi null = no clamp (JSON has no Infinity). */
export interface FrozenDense {
  name: string;
  transform: DenseChannel['transform'];
  lo: number | null;
  hi: number | null;
  mean: number;
  std: number;
}

export interface FrozenEncoding {
  discrete: FrozenDiscrete[];
  /** In the dataset's order: the log's dense columns, then merged_rows and time_gap when present. */
  dense: FrozenDense[];
  userFeatures: { names: string[]; stats: UserFeatureStats } | null;
  tasks: string[];
}

const bound = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

/** The encoding `d` was built with. */
export function encodingOf(d: Dataset): FrozenEncoding {
  return {
    discrete: d.discrete.map(({ name, kind, values, oovBuckets, vocabSize }) => ({ name, kind, values, oovBuckets: oovBuckets ?? 0, vocabSize })),
    dense: d.dense.map(({ name, transform, lo, hi, mean, std }) => ({ name, transform, lo: bound(lo), hi: bound(hi), mean, std })),
    userFeatures: d.userFeatureStats && d.userFeatureNames ? { names: d.userFeatureNames, stats: d.userFeatureStats } : null,
    tasks: d.tasks.map((t) => t.name),
  };
}

export function denseFitOf(f: FrozenDense): DenseFit {
  return { transform: f.transform, lo: f.lo ?? -Infinity, hi: f.hi ?? Infinity, mean: f.mean, std: f.std };
}

/**
 * The store with its input channels in the model's order, by name (a new file may order its
 * columns differently); a channel the model reads and the store lacks is a DataError.
 */
export function alignStore(store: EventStore, frozen: FrozenEncoding): EventStore {
  const byName = <T extends { name: string }>(list: T[], name: string, what: string): T => {
    const found = list.find((c) => c.name === name);
    if (!found) throw new DataError({ problem: `The model reads the ${what} column ${name}, and this file has none.`, column: name, hint: 'Score a log with the columns the model was trained on.' });
    return found;
  };
  const inputs = store.discrete.filter((c) => c.input);
  const discrete = [...frozen.discrete.map((f) => byName(inputs, f.name, f.kind)), ...store.discrete.filter((c) => !c.input)];
  // merged_rows and time_gap are derived, not columns of the log.
  const derived = new Set([MERGED_ROWS_CHANNEL, TIME_GAP_CHANNEL]);
  const dense = frozen.dense.filter((f) => !derived.has(f.name)).map((f) => byName(store.dense, f.name, 'dense'));
  if (frozen.dense.some((f) => f.name === TIME_GAP_CHANNEL) && !store.time) {
    throw new DataError({ problem: 'The model reads the time of each event, and this file is read without a time column.', hint: 'Score a log with the time column the model was trained on, mapped as "time".' });
  }
  return { ...store, discrete, dense };
}

/** Tokens of a discrete channel with the model's vocabulary: unseen ID values to their hashed OOV bucket, other unseen values to OOV. */
export function encodeDiscreteFrozen(c: EventStore['discrete'][number], f: FrozenDiscrete, layout: Layout, j: number, width: number, tokens: Int32Array): DiscreteChannel {
  const known = new Map(f.values.map((v, i) => [v, FIRST_TOKEN + i]));
  const firstBucket = FIRST_TOKEN + f.values.length;
  // Per stored value code: its token, computed once.
  const token = c.values.map((v) => known.get(v) ?? (f.oovBuckets > 0 ? firstBucket + (hashString(v) % f.oovBuckets) : OOV_TOKEN));
  for (let k = 0; k < layout.events.length; k++) {
    const code = c.codes[layout.events[k]];
    tokens[layout.slots[k] * width + j] = code >= 0 ? token[code] : OOV_TOKEN;
  }
  const channel: DiscreteChannel = { name: f.name, kind: f.kind, vocabSize: f.vocabSize, values: f.values };
  if (f.oovBuckets > 0) channel.oovBuckets = f.oovBuckets;
  return channel;
}

/** [users, K] labels and δ in the model's task order: a task this log has no labels for is unlabelled (δ = 0) for everyone. */
export function alignLabels(names: string[], labels: Float32Array, labelMask: Float32Array, numUsers: number, tasks: string[]): { labels: Float32Array; labelMask: Float32Array } {
  const K = tasks.length;
  const from = tasks.map((t) => names.indexOf(t));
  const outLabels = new Float32Array(numUsers * K);
  const outMask = new Float32Array(numUsers * K);
  for (let u = 0; u < numUsers; u++) {
    from.forEach((src, k) => {
      if (src < 0) return;
      outLabels[u * K + k] = labels[u * names.length + src];
      outMask[u * K + k] = labelMask[u * names.length + src];
    });
  }
  return { labels: outLabels, labelMask: outMask };
}

/**
 * The model's column mapping as it applies to a new file's header: every input column (user,
 * time, category, ID, dense) must be there, and a missing one is a DataError naming all that
 * are missing; a missing label column only means that task is not evaluated on this file.
 */
export function scoringMapping(header: string[], mapping: ColumnMapping[]): ColumnMapping[] {
  const present = new Set(header);
  const used = mapping.filter((m) => m.role !== 'ignore');
  const missing = used.filter((m) => m.role !== 'label' && !present.has(m.name));
  if (missing.length > 0) {
    const list = missing.map((m) => `${m.name} (${m.role})`).join(', ');
    throw new DataError({
      problem: `This file lacks ${missing.length === 1 ? 'a column' : `${missing.length} columns`} the model reads: ${list}.`,
      hint: `Score a log of the same shape as the one the model was trained on: its columns were ${used.map((m) => m.name).join(', ')}.`,
    });
  }
  return used.filter((m) => present.has(m.name));
}
