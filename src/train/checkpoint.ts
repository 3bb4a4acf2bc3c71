// A checkpoint of training in memory: every parameter of the model and the optimiser's state
// (Adam's moments, its β powers, its step count; both groups of the fine-tuning optimiser),
// kept on the device, so that training can go back to the step it was taken at exactly (the
// same bits). Early stopping keeps the best step's; a guard against a non-finite step can keep
// the last good one. Copies are tf.clone: a clone shares the device buffer, and no kernel
// writes a buffer in place (a step assigns each variable a new tensor), so taking one costs
// no copy, and the memory of one set of weights and moments only while training moves on.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../model/params';

/** Some state copied away: restore() puts it back (as often as wanted) until dispose(). */
export interface Snapshot {
  restore(): void;
  dispose(): void;
}

/** An optimiser's state read back to the CPU. */
export interface OptimizerValues {
  /** Optimiser steps taken. */
  step: number;
  /** β1^t, β2^t (per group for a grouped optimiser). */
  betaPowers: number[];
  /** First and second moments per variable (tfjs name). */
  moments: Map<string, { m: Float32Array; v: Float32Array }>;
}

/** An optimiser whose state can be snapshot and restored. */
export interface RestorableOptimizer extends tf.Optimizer {
  snapshot(): Snapshot;
  readState(): Promise<OptimizerValues>;
}

export class Checkpoint implements Snapshot {
  private constructor(
    /** The step the checkpoint was taken after. */
    readonly step: number,
    private readonly weights: Map<tf.Variable, tf.Tensor>,
    private readonly optimizer: Snapshot,
  ) {}

  /** The parameters of `params` (one set, or several: MCP's encoder and heads) and the state of `optimizer`, as they are after step `step`. */
  static take(step: number, params: Params | Params[], optimizer: RestorableOptimizer): Checkpoint {
    const variables = (Array.isArray(params) ? params : [params]).flatMap((p) => p.variables());
    const weights = new Map(variables.map((v) => [v, tf.keep(tf.clone(v))]));
    return new Checkpoint(step, weights, optimizer.snapshot());
  }

  /** Weights and optimiser state back to the step's; the checkpoint stays valid. */
  restore(): void {
    // assign() shares the checkpoint's buffer: the next step assigns a new one, never writes it.
    for (const [v, saved] of this.weights) v.assign(saved);
    this.optimizer.restore();
  }

  dispose(): void {
    tf.dispose([...this.weights.values()]);
    this.weights.clear();
    this.optimizer.dispose();
  }
}

/** A training state read back to the CPU (the page keeps it, so a restarted worker can go on from it); parameters and moments by parameter name. */
export interface KeptState {
  step: number;
  weights: Record<string, Float32Array>;
  optimizer: { step: number; betaPowers: number[]; moments: Record<string, { m: Float32Array; v: Float32Array }> };
}
