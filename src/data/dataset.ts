// The encoded form every part after `data/` reads: integer and float arrays, never text.
// Layout is user-major and left-aligned: user u's events sit at positions 0..length[u]-1,
// the most recent last; positions past length[u] are padding. Channel kinds: run/channelKinds.ts
// (the time gap is a derived dense channel).
import type { ChannelKind, DiscreteKind } from '../run/channelKinds';

/** Token ids 0 and 1 are reserved in every discrete channel. */
export const PAD_TOKEN = 0;
export const OOV_TOKEN = 1;
export const FIRST_TOKEN = 2;

export interface DiscreteChannel {
  name: string;
  kind: DiscreteKind;
  /** Table rows including PAD and OOV. */
  vocabSize: number;
  /** Original values of token ids FIRST_TOKEN.. (for display). */
  values: string[];
  /** Hashed out-of-vocabulary buckets after the values (ID channels): token FIRST_TOKEN + values.length + hash % oovBuckets. */
  oovBuckets?: number;
  /** ID values left out of the vocabulary because fewer training users than data.idMinUsers have them (absent when none). */
  tooFewUsers?: number;
}

export interface DenseChannel {
  name: string;
  kind: 'dense';
  /** Standardisation used, so a value can be shown in the column's units. */
  mean: number;
  std: number;
  transform: 'standardise' | 'log1p' | 'none';
  /** Clamp range in the column's units, applied before the transform (±Infinity: none), so new users are normalised the same way. */
  lo?: number;
  hi?: number;
}

export interface TaskInfo {
  name: string;
  /** Users with a label (task indicator δ = 1). */
  labelled: number;
  positives: number;
}

export interface Dataset {
  name: string;
  numUsers: number;
  /** N: events kept per user (most recent). */
  seqLen: number;
  userIds: string[];
  discrete: DiscreteChannel[];
  dense: DenseChannel[];
  tasks: TaskInfo[];
  /** [numUsers] events kept per user, 1..seqLen. */
  length: Int32Array;
  /** [numUsers, seqLen, discrete.length] token ids. */
  tokens: Int32Array;
  /** [numUsers, seqLen, dense.length] normalised values (0 at padding). */
  denseValues: Float32Array;
  /** [numUsers, seqLen] time-gap bucket to the previous event; 0 = padding or unknown. */
  timeGapBucket: Int32Array;
  /** [numUsers, tasks.length] binary labels (0 where unlabelled). */
  labels: Float32Array;
  /** [numUsers, tasks.length] task indicator δ: 1 where the user has a label. */
  labelMask: Float32Array;
  /** [numUsers, tasks.length] true label probability, known only for generated data. */
  trueProb?: Float32Array;
  /** What encoding left out or changed (rows without a user or time…), as sentences for the UI. */
  notes?: string[];
  /** ID tables with more rows are stored as shards of this many rows (README §Model 2.1). */
  idShardRows?: number;
  /** [numUsers, seqLen] bucket of each event's age at the prediction time (ageToBucket); 0 = padding or unknown. Absent without a time column or with data.eventAge off. */
  ageBucket?: Int32Array;
  /** [numUsers, userFeatureNames.length] per-user summary inputs over the whole history before the prediction time, normalised. Absent with data.userSummary off. */
  userFeatures?: Float32Array;
  userFeatureNames?: string[];
  /** The fitted normalisation of the user features (userSummary.ts), to score new users the same way. */
  userFeatureStats?: UserFeatureStats;
  /** When the model predicts, ms since 1970: input events are those strictly before it. Absent without a time column. */
  predictionTime?: number;
  /** Input events per kept user before truncation to N (after merging same-time events when on). */
  eventsPerUser?: EventsPerUser;
}

/** Per user feature: x → clip((slog(x) − mean) / std, ±clip), slog(x) = sign(x)·log1p(|x|); std 0 → 0. */
export interface UserFeatureStats {
  mean: number[];
  std: number[];
  clip: number;
}

/** The distribution of input events per user (quantiles by nearest rank). */
export interface EventsPerUser {
  mean: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** What the model needs to know about a dataset to size its tables and towers. */
export interface DatasetSchema {
  /** `knownValues`: the vocabulary's values, tokens FIRST_TOKEN.. (the OOV buckets follow them); absent in a schema saved before version 8 of the run spec. */
  discrete: { name: string; kind: DiscreteKind; vocabSize: number; knownValues?: number }[];
  dense: { name: string }[];
  tasks: { name: string }[];
  seqLen: number;
  timeGapBuckets: number;
  /** ID tables with more rows are split into shards of this many rows; absent = never. */
  idShardRows?: number;
  /** Rows of the event-age table; 0 = the dataset has no event ages. */
  ageBuckets: number;
  /** Width of the per-user summary inputs; 0 = none. */
  userFeatures: number;
}

/** Event-age buckets (ageToBucket): half-octaves of hours from 1 hour; the last holds every age from 2^14.5 hours (about 2.6 years) on. */
export const AGE_BUCKETS = 32;

export const TIME_GAP_BUCKETS = 24;

/** Shards of an ID channel's table: one unless its rows pass the shard size. */
export function shardCount(kind: ChannelKind, vocabSize: number, shardRows: number | undefined): number {
  return kind === 'id' && shardRows !== undefined && vocabSize > shardRows ? Math.ceil(vocabSize / shardRows) : 1;
}

export function schemaOf(d: Dataset): DatasetSchema {
  return {
    discrete: d.discrete.map(({ name, kind, vocabSize, values }) => ({ name, kind, vocabSize, knownValues: values.length })),
    dense: d.dense.map(({ name }) => ({ name })),
    tasks: d.tasks.map(({ name }) => ({ name })),
    seqLen: d.seqLen,
    timeGapBuckets: TIME_GAP_BUCKETS,
    ageBuckets: d.ageBucket ? AGE_BUCKETS : 0,
    userFeatures: d.userFeatureNames?.length ?? 0,
    idShardRows: d.idShardRows,
  };
}

const HOUR_S = 3600;

/**
 * Bucket of an event's age at the prediction time, in seconds: 0 is reserved for padding and
 * unknown, 1 for younger than an hour, then half-octaves of hours (1 h, 1.4 h, 2 h, 2.8 h, …),
 * the last bucket holding everything older. Half-octaves rather than the time gap's octaves:
 * the age is what recency tasks read ("bought in the last week or the last month").
 */
export function ageToBucket(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) return 0;
  const hours = seconds / HOUR_S;
  if (hours < 1) return 1;
  return Math.min(AGE_BUCKETS - 1, 2 + Math.floor(2 * Math.log2(hours)));
}

/**
 * Bucket of a time gap in seconds: 0 is reserved for padding/unknown, 1 for a gap of
 * zero, then log2 buckets (1 s, 2 s, 4 s, … up to ~24 days and beyond).
 */
export function timeGapToBucket(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) return 0;
  if (seconds < 1) return 1;
  return Math.min(TIME_GAP_BUCKETS - 1, 2 + Math.floor(Math.log2(seconds)));
}
