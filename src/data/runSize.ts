// Defaults for a dropped file that follow from its data (issue 9): N from the distribution of
// input events per user, the steps from the number of training users, and the evaluations
// from the steps. Pure: where it is
// applied (when a new file is dropped) is the caller's choice.
import { defaultSpec, type Preset } from '../run/runSpec';
import type { EventsPerUser } from './dataset';

/** N bounds per preset. N covers the 90th percentile of histories (the next power of two), so most users are seen whole and only the longest are truncated to their most recent events; at least 8 events so that attention has something to relate; at most 32 on the software preset (SwiftShader: ~0.25 s a step at N 16-32 and linear in N) and 128 on a GPU. */
const SEQ_LEN_RANGE: Record<Preset, [number, number]> = { software: [8, 32], gpu: [8, 128] };
/** Passes over the training users. Issue 9's runs on Online Retail peaked after 2-3 epochs without regularisation; 8 leaves room for dropout and warm-up, and early stopping keeps the best step. */
const EPOCHS = 8;
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
}

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
  return { seqLen, steps, evalEvery };
}
