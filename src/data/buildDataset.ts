// An event store in, the encoded Dataset out (README §Model 1): per user the N most recent input
// events (before the prediction time: the label cutoff, when labels are built from the log),
// left-aligned, most recent last; every channel as tokens or normalised numbers; with the
// real-log settings, each event's age and a per-user summary of the whole history; one label
// per user and task. Cheap to redo: changing N, the minimum, the vocabulary rules, a label task
// or a real-log setting never rereads the file.
import type { LabelBuilder, RunSpec } from '../run/runSpec';
import { buildNotes } from './buildNotes';
import { encodeAge, encodeDense, encodeDiscrete, encodeTimeGap, ID_VOCAB_CAP, MERGED_ROWS_CHANNEL, TIME_GAP_CHANNEL, type Layout, type VocabRules } from './channels';
import type { Dataset, DenseChannel, DiscreteChannel } from './dataset';
import type { EventStore } from './eventStore';
import { eventsPerUser } from './eventsPerUser';
import { alignLabels, alignStore, denseFitOf, encodeDiscreteFrozen, type FrozenEncoding } from './frozenEncoding';
import { mergedInputs, rowInputs, type InputEvents } from './inputEvents';
import { keepUsers } from './keepUsers';
import { compileTask, describeWindow, labelWindow, type LabelWindow } from './labelBuilder';
import { denseInputs, layOut, mergedRows, previousTimes } from './layout';
import { resolvePredictionTime } from './predictionTime';
import type { RunSizeInput } from './runSize';
import { DataError, showValue } from './rawTable';
import { readLabels } from './readLabels';
import { earlyStopHoldout } from './holdout';
import { splitUsers } from './split';
import { checkTasks, tallyTasks } from './taskCheck';
import { orderByUser } from './userOrder';
import { userSummary, type UserSummary } from './userSummary';

/** The real-log settings of the run (data.predictionTime …); absent = off, as a version-1 link opens them (V1_SETTINGS). */
export interface InputSettings {
  /** ISO date/time; '' = the label cutoff, or the end of the log. */
  predictionTime?: string;
  eventAge?: boolean;
  userSummary?: boolean;
  mergeSameTime?: boolean;
  /** An ID value needs this many distinct training users to get a token (1 = any). */
  idMinUsers?: number;
}

export interface BuildOptions extends InputSettings {
  name: string;
  /** N: input events kept per user, the most recent. */
  seqLen: number;
  /**
   * N from the data instead (a dropped file's size, src/data/runSize.ts): called once the input
   * events per user are counted, before anything is laid out at N, so that the dataset is built
   * once. `trainUsers` counts the split's training users (all users without a split).
   */
  seqLenFor?: (data: RunSizeInput) => number;
  /** Users with fewer input events are left out. */
  minEvents?: number;
  idVocabCap?: number;
  idShardRows?: number;
  labelBuilder?: LabelBuilder;
  /** The run's user split: vocabularies and the user-summary normalisation are then fitted on
   *  training users only (validation IDs may be unseen: they go to OOV buckets), and every
   *  task must have both classes among the validation users. With `unseenHoldout` (the share
   *  train.earlyStopHoldout, when data.holdoutUnseen is on) they are fitted without the
   *  early-stopping holdout's users too, so that the holdout meets the model as validation
   *  users and new users do. */
  split?: { valFraction: number; seed: number; unseenHoldout?: number };
  /** A trained model's encoding (scoring new users): its vocabularies and normalisations are
   *  applied, not fitted, labels are optional and tasks are not checked. */
  frozen?: FrozenEncoding;
}

/** The spec's real-log settings, as build options. */
export function inputSettingsOf(data: RunSpec['data']): Required<InputSettings> {
  const { predictionTime, eventAge, userSummary, mergeSameTime, idMinUsers } = data;
  return { predictionTime, eventAge, userSummary, mergeSameTime, idMinUsers };
}

export function buildDataset(logStore: EventStore, opts: BuildOptions): Dataset {
  const frozen = opts.frozen ?? null;
  const store = frozen ? alignStore(logStore, frozen) : logStore;
  const builder = checkTasksExist(store, opts);
  const window = builder ? labelWindow(builder, store) : null;
  const rules = builder ? builder.tasks.map((t) => compileTask(t, store)) : [];
  const predictionTime = resolvePredictionTime(store, opts.predictionTime ?? '', window);
  const merge = !!opts.mergeSameTime && store.time !== null;
  const minEvents = opts.minEvents ?? 1;
  const userOrder = orderByUser(store);
  const kept = keepUsers(store, userOrder, { window, predictionTime, minEvents, merge });
  const numUsers = kept.users.length;
  if (numUsers < (frozen ? 1 : 2)) throw tooFewUsers(store, kept.users, window);
  const split = opts.split ? splitUsers(numUsers, opts.split.valFraction, opts.split.seed) : null;
  const inputs = merge ? mergedInputs(store, userOrder, kept) : rowInputs(userOrder, kept);
  const perUser = eventsPerUser(inputs.count);
  const seqLen = opts.seqLenFor ? opts.seqLenFor({ eventsPerUser: perUser, trainUsers: split?.train.length ?? numUsers }) : opts.seqLen;
  const length = Int32Array.from(inputs.count, (n) => Math.min(seqLen, n));
  const fitUsers = split && opts.split?.unseenHoldout && split.train.length >= 2 ? earlyStopHoldout(split.train, opts.split.unseenHoldout, opts.split.seed).train : (split?.train ?? null);
  const layout = layOut(inputs, length, seqLen, fitUsers);
  const minUsers = opts.idMinUsers ?? 1;
  const channels = encodeChannels(store, inputs, layout, length, { cap: opts.idVocabCap ?? ID_VOCAB_CAP, minUsers }, frozen);
  const read = readLabels(store, kept, userOrder, builder, rules);
  const labels = frozen ? { ...read, names: frozen.tasks, ...alignLabels(read.names, read.labels, read.labelMask, numUsers, frozen.tasks) } : read;
  const tasks = frozen ? tallyTasks(labels, numUsers) : checkTasks(labels, numUsers, split?.val ?? null, window ? describeWindow(window) : '');
  const explicitTime = (opts.predictionTime ?? '').trim() !== '' ? predictionTime : undefined;
  return {
    name: opts.name,
    numUsers,
    seqLen,
    userIds: Array.from(kept.users, (u) => store.userIds[u]),
    ...channels,
    tasks,
    length,
    labels: labels.labels,
    labelMask: labels.labelMask,
    notes: buildNotes({ store, kept, window, minEvents, explicitTime, merged: merge, mergeIgnored: !!opts.mergeSameTime && !merge, minUsers, split: !!split, discrete: channels.discrete }),
    idShardRows: opts.idShardRows,
    eventsPerUser: perUser,
    ...(predictionTime !== undefined ? { predictionTime } : {}),
    ...(opts.eventAge && predictionTime !== undefined ? { ageBucket: ageBuckets(store.time!, predictionTime, layout, numUsers) } : {}),
    ...(opts.userSummary ? summaryInputs(userSummary(store, userOrder, kept, predictionTime, fitUsers, frozen?.userFeatures?.stats)) : {}),
  };
}

/** The label builder when it has tasks; throws when neither it nor a label column gives one, or N is not a count. */
function checkTasksExist(store: EventStore, opts: BuildOptions): LabelBuilder | null {
  if (!Number.isInteger(opts.seqLen) || opts.seqLen < 1) {
    throw new DataError({ problem: `The sequence length ${opts.seqLen} is not a positive whole number.`, hint: 'Choose N ≥ 1.' });
  }
  const builder = opts.labelBuilder && opts.labelBuilder.tasks.length > 0 ? opts.labelBuilder : null;
  if (store.labels.length === 0 && !builder && !opts.frozen) {
    throw new DataError({
      problem: 'Training needs at least one task, and no column is mapped as a label.',
      hint: 'Build a label from the log with the label builder (e.g. "any event in the 30 days after a cutoff"), or map a column holding a 0/1 value per user as "label".',
    });
  }
  return builder;
}

function ageBuckets(times: Float64Array, predictionTime: number, layout: Layout, numUsers: number): Int32Array {
  const out = new Int32Array(numUsers * layout.seqLen);
  encodeAge(times, predictionTime, layout, out);
  return out;
}

const summaryInputs = (s: UserSummary): Pick<Dataset, 'userFeatures' | 'userFeatureNames' | 'userFeatureStats'> => ({
  userFeatures: s.values,
  userFeatureNames: s.names,
  userFeatureStats: s.stats,
});

type EncodedChannels = Pick<Dataset, 'discrete' | 'dense' | 'tokens' | 'denseValues' | 'timeGapBucket'>;

/** Tokens of the discrete input channels; normalised dense channels, then merged_rows (merging), then time_gap (time column). */
function encodeChannels(store: EventStore, inputs: InputEvents, layout: Layout, length: Int32Array, vocab: VocabRules, frozen: FrozenEncoding | null): EncodedChannels {
  const N = layout.seqLen;
  const numUsers = length.length;
  const discreteInputs = store.discrete.filter((c) => c.input);
  const d = discreteInputs.length;
  const tokens = new Int32Array(numUsers * N * d);
  const discrete: DiscreteChannel[] = discreteInputs.map((c, j) => (frozen ? encodeDiscreteFrozen(c, frozen.discrete[j], layout, j, d, tokens) : encodeDiscrete(c, layout, vocab, j, d, tokens)));
  const width = store.dense.length + (inputs.merged ? 1 : 0) + (store.time ? 1 : 0);
  const denseValues = new Float32Array(numUsers * N * width);
  // Scoring new users: the model's normalisation of each channel, by name.
  const fitOf = (name: string) => {
    const f = frozen?.dense.find((x) => x.name === name);
    return f ? denseFitOf(f) : undefined;
  };
  const dense: DenseChannel[] = store.dense.map((c, j) => encodeDense(c.name, c.norm, denseInputs(c, j, inputs, layout), layout, j, width, denseValues, fitOf(c.name)));
  if (inputs.merged) dense.push(encodeDense(MERGED_ROWS_CHANNEL, 'auto', mergedRows(inputs, layout), layout, dense.length, width, denseValues, fitOf(MERGED_ROWS_CHANNEL)));
  const timeGapBucket = new Int32Array(numUsers * N);
  if (store.time) dense.push(encodeTimeGap(store.time, previousTimes(store.time, inputs, length), layout, width, denseValues, timeGapBucket, fitOf(TIME_GAP_CHANNEL)));
  return { discrete, dense, tokens, denseValues, timeGapBucket };
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
