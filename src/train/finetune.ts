// Fine-tuning a pre-trained encoder (README §Model 3.3). The paper's figure freezes the pre-trained
// part, its text shares and fine-tunes it; the run spec chooses: 'frozen' (only the towers
// learn), 'finetune' (everything at the learning rate) or 'lowerLr' (the encoder at
// learningRate × encoderLrScale, the towers at the learning rate, both on the run's schedule).
import * as tf from '@tensorflow/tfjs-core';
import { isEncoderParam, type UserModel } from '../model/userModel';
import type { RunSpec } from '../run/runSpec';
import { Adam, type AdamOptions } from './adam';
import type { OptimizerValues, RestorableOptimizer, Snapshot } from './checkpoint';
import { adamOptions } from './optimizer';
import { scaled } from './schedule';

/** Adam per group of variables, each with its own learning rate (Adam ignores a gradient's scale, so scaling gradients would not do). */
export class GroupedAdam extends tf.Optimizer implements RestorableOptimizer {
  static get className(): string {
    return 'GroupedAdam';
  }

  private readonly encoder: Adam;
  private readonly rest: Adam;

  /** The towers train at `options.schedule` (default: the constant `learningRate`), the encoder at it × encoderScale; the decay applies to both. */
  constructor(
    private readonly encoderNames: Set<string>,
    private readonly learningRate: number,
    private readonly encoderScale: number,
    options: AdamOptions = {},
  ) {
    super();
    const schedule = options.schedule ?? (() => learningRate);
    this.encoder = new Adam(learningRate * encoderScale, { ...options, schedule: scaled(schedule, encoderScale) });
    this.rest = new Adam(learningRate, { ...options, schedule });
  }

  applyGradients(gradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const all: [string, tf.Tensor][] = Array.isArray(gradients) ? gradients.map((g) => [g.name, g.tensor]) : Object.entries(gradients);
    const pick = (inEncoder: boolean) => Object.fromEntries(all.filter(([n]) => this.encoderNames.has(n) === inEncoder));
    this.encoder.applyGradients(pick(true));
    this.rest.applyGradients(pick(false));
    this.incrementIterations();
  }

  snapshot(): Snapshot {
    const parts = [this.encoder.snapshot(), this.rest.snapshot()];
    const iterations = this.iterations;
    return {
      restore: () => {
        for (const p of parts) p.restore();
        this.iterations_ = iterations;
      },
      dispose: () => parts.forEach((p) => p.dispose()),
    };
  }

  async readState(): Promise<OptimizerValues> {
    const [encoder, rest] = [await this.encoder.readState(), await this.rest.readState()];
    return { step: this.iterations, betaPowers: [...encoder.betaPowers, ...rest.betaPowers], moments: new Map([...encoder.moments, ...rest.moments]) };
  }

  override dispose(): void {
    this.encoder.dispose();
    this.rest.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, encoderLearningRate: this.learningRate * this.encoderScale };
  }
}

/** Applies the encoder mode to `model` (frozen: its encoder variables stop being trainable); returns the optimiser to use, or undefined for the trainer's default. */
export function finetuneOptimizer(model: UserModel, spec: RunSpec): RestorableOptimizer | undefined {
  const encoder = model.params.entries().filter(([n]) => isEncoderParam(n)).map(([, v]) => v);
  switch (spec.finetune.encoder) {
    case 'finetune':
      return undefined;
    case 'frozen':
      for (const v of encoder) v.trainable = false;
      return undefined;
    case 'lowerLr':
      return new GroupedAdam(new Set(encoder.map((v) => v.name)), spec.train.learningRate, spec.finetune.encoderLrScale, adamOptions(spec.train, spec.train.steps, model.params));
  }
}
