// Training steps of several variants of a run (e.g. the WGSL routing kernels, model.kernels
// 'auto', against the tfjs-ops reference routing, 'reference') on the same data, measured in
// alternation. Used by the benchmark page (npm run bench).
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset';
import { median, type TimingMethod } from '../kernels/gpuTiming';
import type { RunSpec } from '../run/runSpec';
import { Trainer, type UserSplit } from './trainer';

export interface TrainStepBench {
  /** Median GPU time of one step per variant (timestamps; null without them). */
  gpuMs: Record<string, number> | null;
  /** Median wall time of one step per variant (the trainer's stepMs: enqueue to the step's readback). */
  wallMs: Record<string, number>;
}

/**
 * Times `reps` steps of each variant after `warmup` steps (shader compilation). With
 * timestamps, each rep also runs one timed step: Trainer.step launches all its kernels before
 * its first await (the readback), so tf.time around that synchronous part sees the whole step.
 */
export async function benchTrainStep(
  variants: Record<string, RunSpec>,
  dataset: Dataset,
  split: UserSplit,
  opts: { warmup: number; reps: number; timing: TimingMethod; log?: (line: string) => void },
): Promise<TrainStepBench> {
  const names = Object.keys(variants);
  const trainers: Trainer[] = [];
  try {
    for (const name of names) trainers.push(await Trainer.create(variants[name], dataset, split));
    for (let i = 0; i < opts.warmup; i++) for (const t of trainers) await t.step();
    const wall = names.map(() => [] as number[]);
    const gpu = names.map(() => [] as number[]);
    for (let i = 0; i < opts.reps; i++) {
      for (let j = 0; j < trainers.length; j++) {
        wall[j].push((await trainers[j].step()).stepMs);
        if (opts.timing === 'timestamp') gpu[j].push(await timedStep(trainers[j]));
      }
    }
    const byName = (xs: number[][]) => Object.fromEntries(names.map((n, j) => [n, median(xs[j])]));
    const result = { gpuMs: opts.timing === 'timestamp' ? byName(gpu) : null, wallMs: byName(wall) };
    opts.log?.(`train step: ${JSON.stringify(result)}`);
    return result;
  } finally {
    for (const t of trainers) t.dispose();
  }
}

async function timedStep(trainer: Trainer): Promise<number> {
  let pending: Promise<unknown> = Promise.resolve();
  const info = await tf.time(() => {
    pending = trainer.step();
  });
  await pending;
  if (typeof info.kernelMs !== 'number') throw new Error(`GPU timestamps failed: ${info.kernelMs.error}`);
  return info.kernelMs;
}
