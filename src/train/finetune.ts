// Fine-tuning a pre-trained encoder (README §Model 3.3). The paper's figure freezes the pre-trained
// part, its text shares and fine-tunes it; the run spec chooses: 'frozen' (only the towers
// learn), 'finetune' (everything at the learning rate) or 'lowerLr' (the encoder at
// learningRate × encoderLrScale, the towers at the learning rate).
import * as tf from '@tensorflow/tfjs-core';
import { isEncoderParam, type UserModel } from '../model/userModel';
import type { RunSpec } from '../run/runSpec';
import { Adam } from './adam';

/** Adam per group of variables, each with its own learning rate (Adam ignores a gradient's scale, so scaling gradients would not do). */
export class GroupedAdam extends tf.Optimizer {
  static get className(): string {
    return 'GroupedAdam';
  }

  private readonly encoder: tf.Optimizer;
  private readonly rest: tf.Optimizer;

  constructor(
    private readonly encoderNames: Set<string>,
    private readonly learningRate: number,
    private readonly encoderLearningRate: number,
  ) {
    super();
    this.encoder = new Adam(encoderLearningRate);
    this.rest = new Adam(learningRate);
  }

  applyGradients(gradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const all: [string, tf.Tensor][] = Array.isArray(gradients) ? gradients.map((g) => [g.name, g.tensor]) : Object.entries(gradients);
    const pick = (inEncoder: boolean) => Object.fromEntries(all.filter(([n]) => this.encoderNames.has(n) === inEncoder));
    this.encoder.applyGradients(pick(true));
    this.rest.applyGradients(pick(false));
    this.incrementIterations();
  }

  override dispose(): void {
    this.encoder.dispose();
    this.rest.dispose();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, encoderLearningRate: this.encoderLearningRate };
  }
}

/** Applies the encoder mode to `model` (frozen: its encoder variables stop being trainable); returns the optimiser to use, or undefined for the trainer's default. */
export function finetuneOptimizer(model: UserModel, spec: RunSpec): tf.Optimizer | undefined {
  const encoder = model.params.entries().filter(([n]) => isEncoderParam(n)).map(([, v]) => v);
  switch (spec.finetune.encoder) {
    case 'finetune':
      return undefined;
    case 'frozen':
      for (const v of encoder) v.trainable = false;
      return undefined;
    case 'lowerLr':
      return new GroupedAdam(new Set(encoder.map((v) => v.name)), spec.train.learningRate, spec.train.learningRate * spec.finetune.encoderLrScale);
  }
}
