// The optimiser settings of a run's phase, from train.*: Adam at the learning rate of the
// schedule (schedule.ts) over the phase's steps, with AdamW's decoupled decay on the weight
// matrices and embedding tables (weightDecay.ts).
import type { Params } from '../model/params';
import type { RunSpec } from '../run/runSpec';
import { Adam, type AdamOptions } from './adam';
import { learningRateSchedule } from './schedule';
import { decayedVariables } from './weightDecay';

/** Schedule and decay of a phase of `steps` steps that trains the parameters of `params`. */
export function adamOptions(train: RunSpec['train'], steps: number, ...params: Params[]): AdamOptions {
  const decayed = new Set(params.flatMap((p) => [...decayedVariables(p)]));
  return { schedule: learningRateSchedule(train, steps), weightDecay: train.weightDecay, decayed };
}

/** The run's Adam for a phase of `steps` steps over `params`. */
export function runAdam(train: RunSpec['train'], steps: number, ...params: Params[]): Adam {
  return new Adam(train.learningRate, adamOptions(train, steps, ...params));
}
