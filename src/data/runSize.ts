// Defaults for a dropped file that follow from its data (issue 9): N from the distribution of
// input events per user, the steps from the number of training users, the evaluations from
// the steps, and dropout, the learning rate, the towers' start, their value weights and the
// early-stopping patience from the number of training users (a small log overfits sooner).
// Pure: where it is applied (when a new file is dropped) is the caller's choice.
import type { ModelSettings } from '../run/modelTypes';
import { defaultSpec, type Preset, type RunSpec } from '../run/runSpec';
import type { EventsPerUser } from './dataset';

/** N bounds per preset. N covers the 90th percentile of histories (the next power of two), so most users are seen whole and only the longest are truncated to their most recent events; at least 8 events so that attention has something to relate; at most 32 on the software preset (SwiftShader: ~0.25 s a step at N 16-32 and linear in N) and 128 on a GPU. */
const SEQ_LEN_RANGE: Record<Preset, [number, number]> = { software: [8, 32], gpu: [8, 128] };
/**
 * Passes over the training users. On Online Retail (2,730 training users, dropout 0.2, learning
 * rate 0.003, cann towers) 8 epochs fell after about 5 on every seed (buys again 0.737 → 0.714
 * within 50 steps of step 225, seed 11), so the step kept by the holdout missed the best
 * evaluation by up to 0.020; at 5 the runs end before the fall, every task's kept step within
 * 0.003 of its best (README: What it gives on a real log). Early stopping keeps the best step.
 */
const EPOCHS = 5;
/** Step bounds: at least enough for the warm-up and a few evaluations; at most about 2.5 minutes of SwiftShader (software), or a GPU run of a few minutes. */
const STEPS_RANGE: Record<Preset, [number, number]> = { software: [200, 600], gpu: [200, 5000] };

export interface RunSizeInput {
  eventsPerUser: Pick<EventsPerUser, 'p90'>;
  trainUsers: number;
}

export interface RunSize {
  seqLen: number;
  steps: number;
  evalEvery: number;
  dropout: number;
  learningRate: number;
  towerInit: ModelSettings['towerInit'];
  wideIds: boolean;
  patience: number;
}

/**
 * Dropout for a log with fewer training users than SMALL_LOG_USERS; larger logs keep the
 * preset's (0). Measured (README §Model 3.5): on Online Retail (2,730 training users) dropout
 * 0.2 lifted the task that needs the history's items from 0.671 to 0.705 AUC, on the demo
 * (9,600) it cost the order-sensitive task 0.05. The threshold lies between these two logs.
 */
const SMALL_LOG_USERS = 5000;
const SMALL_LOG_DROPOUT = 0.2;
/**
 * A small log also trains at 0.3 × the preset's learning rate. Measured on Online Retail (seed
 * 11, towers keeping the regression): at 0.01 the tasks the per-user summary already predicts
 * fell from 0.74 to 0.70 AUC (buys again) within 200 steps, and early stopping on a holdout of
 * 410 users could not find their peak; at 0.003 every task stayed within 0.003 of its best
 * over the run, so the step kept is the best one (README §Model 3.5). Lower (0.1 ×) steadied
 * Online Retail's curves further but held back a 4,000-user log from the demo's generator (0.71
 * against 0.86 AUC on its third task at step 160): the patience below steadies them instead.
 */
const SMALL_LOG_LR_SCALE = 0.3;
/**
 * A small log's towers keep the baseline's regression fixed (CANN, README §Model 2.5): with a
 * few thousand users the network cannot re-estimate what the summary says as well as the
 * regression does, and trained with it, it drifted from it (Online Retail: 0.02-0.07 AUC below
 * the regression within 200 steps). A larger log keeps the preset's start, trained: on the demo
 * (9,600 training users, seed 7) the kept regression cost the order-sensitive task 0.011 AUC.
 */
const SMALL_LOG_TOWERS = 'cann';
/**
 * A small log's towers also weigh the events' values (model.wideIds, README §Model 2.5): on
 * Online Retail the deep path learnt nothing of which items a user bought on 2,730 training
 * users, and the value weights lifted the task that needs them by 0.05 AUC (seed 7). A larger
 * log keeps the preset's (off): on the demo (9,600 training users, seed 7, 600 steps) they held
 * the order-sensitive task back, 0.867 at its best against 0.880 without.
 */
const SMALL_LOG_WIDE_IDS = true;

/**
 * A small log's run stops after this many evaluations without a better early-stopping holdout
 * score (train.patience; a larger log keeps the preset's 0, never stop). With the regression
 * and the value weights fixed (cann, model.wideFit), what the network adds on a small log is a
 * few thousandths either way, and a 410-user holdout and the validation users can see it move in
 * opposite directions for the rest of the run: on Online Retail (9 seeds, 3 tasks) 2 of 27 kept
 * steps ended 0.0086 and 0.0071 below a later best evaluation, where the holdout had fallen for
 * 18 evaluations. Replayed on those runs' recorded AUCs, a patience of 3-10 keeps all 27 within
 * 0.005 (largest gap 0.0033-0.0043) at the same mean AUC (−0.0004); 5, run on the 9 seeds, kept
 * all 27 within 0.0035 (README: What it gives on a real log). A log with something to learn is not stopped: on a 4,000-user demo log the
 * holdout rose at every evaluation. It also ends such runs sooner.
 */
const SMALL_LOG_PATIENCE = 5;

/** About this many evaluations per run: on a small log the tasks peak within 50-150 steps, and early stopping can only keep a step it evaluated. */
const EVALUATIONS = 12;
/** Round evaluation intervals, the largest not above steps / EVALUATIONS is taken. */
const EVAL_INTERVALS = [10, 20, 25, 50, 100, 200, 250, 500];

const clamp = (x: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, x));

/** The next power of two ≥ x (1 for x ≤ 1). */
export function nextPowerOfTwo(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}

export function suggestRunSize(input: RunSizeInput, preset: Preset): RunSize {
  const seqLen = clamp(nextPowerOfTwo(input.eventsPerUser.p90), SEQ_LEN_RANGE[preset]);
  // The preset's batch size (64 software, 128 gpu): an epoch is trainUsers / batchSize steps.
  const batchSize = defaultSpec(preset).train.batchSize;
  const steps = clamp(Math.ceil((EPOCHS * input.trainUsers) / batchSize), STEPS_RANGE[preset]);
  const evalEvery = EVAL_INTERVALS.filter((e) => e <= steps / EVALUATIONS).at(-1) ?? EVAL_INTERVALS[0];
  const small = input.trainUsers < SMALL_LOG_USERS;
  const { model, train } = defaultSpec(preset);
  const dropout = small ? SMALL_LOG_DROPOUT : model.dropout;
  const learningRate = small ? train.learningRate * SMALL_LOG_LR_SCALE : train.learningRate;
  const towerInit = small ? SMALL_LOG_TOWERS : model.towerInit;
  const wideIds = small ? SMALL_LOG_WIDE_IDS : model.wideIds;
  const patience = small ? SMALL_LOG_PATIENCE : train.patience;
  return { seqLen, steps, evalEvery, dropout, learningRate, towerInit, wideIds, patience };
}

/** The settings of `spec` that a run size sets. */
export function sizeOf(spec: RunSpec): RunSize {
  return { seqLen: spec.data.seqLen, steps: spec.train.steps, evalEvery: spec.train.evalEvery, dropout: spec.model.dropout, learningRate: spec.train.learningRate, towerInit: spec.model.towerInit, wideIds: spec.model.wideIds, patience: spec.train.patience };
}

/** True when `a` and `b` differ in a setting a run size sets (then the user has set it, or it was sized). */
export function sizeDiffers(a: RunSpec, b: RunSpec): boolean {
  return JSON.stringify(sizeOf(a)) !== JSON.stringify(sizeOf(b));
}

/** `spec` with `size` applied; `spec` itself when it already has that size. */
export function sizedSpec(spec: RunSpec, size: RunSize): RunSpec {
  const sized: RunSpec = {
    ...spec,
    data: { ...spec.data, seqLen: size.seqLen },
    model: { ...spec.model, dropout: size.dropout, towerInit: size.towerInit, wideIds: size.wideIds },
    train: { ...spec.train, steps: size.steps, evalEvery: size.evalEvery, learningRate: size.learningRate, patience: size.patience },
  };
  return sizeDiffers(spec, sized) ? sized : spec;
}
