// MMoE (Ma et al. 2018), the first baseline of the paper's Table 2: E shared expert MLPs and
// one softmax gate per task over them, g_k = Σ_e softmax(x·W_g,k)_e · expert_e(x), then task
// k's tower on g_k. The experts are dense (every user goes through every expert), as in MMoE.
// Input x: SuperMoE's MFP, max-pooled over the events (see pooledMfp.ts); towers: the same
// linear towers as SuperMoE, on g_k (and the user summary inputs). One extraction layer, as in
// the MMoE paper.
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSchema } from '../data/dataset';
import type { ModelSettings } from '../run/modelTypes';
import { createRng } from '../util/rng';
import { Dropout, EVALUATION, type ForwardMode } from './dropout';
import type { SequenceBatch } from './inputs';
import { Params } from './params';
import { ExpertMlps, mixExperts, PooledMfp, repeat, unroutedOutput } from './pooledMfp';
import { TaskTowers, wideOf } from './towers';
import type { UserModel, UserModelOutput } from './userModel';

export class MMoE implements UserModel {
  readonly params: Params;
  readonly numExperts: number;
  private readonly input: PooledMfp;
  private readonly experts: ExpertMlps;
  /** The K gates side by side: [d, K·E]. */
  private readonly gates: tf.Variable<tf.Rank.R2>;
  readonly towers: TaskTowers;
  private readonly dropout: Dropout;
  private readonly numTasks: number;

  constructor(settings: ModelSettings, schema: DatasetSchema, seed: number) {
    const { dModel, ffnHidden } = settings;
    this.numExperts = settings.numExperts;
    this.numTasks = schema.tasks.length;
    this.params = new Params(createRng(seed).fork('init'));
    this.dropout = new Dropout(settings.dropout, seed);
    this.input = new PooledMfp(this.params, schema, dModel, this.dropout);
    this.experts = new ExpertMlps(this.params, 'mmoe.experts', this.numExperts, dModel, ffnHidden);
    this.gates = this.params.glorot('mmoe.gates', [dModel, this.numTasks * this.numExperts]);
    this.towers = new TaskTowers(this.params, dModel, this.numTasks, schema.userFeatures, settings.summaryHidden, wideOf(settings, schema));
  }

  forward(batch: SequenceBatch, mode: ForwardMode = EVALUATION): UserModelOutput {
    const x = this.input.forward(batch, mode);
    const [B] = x.shape;
    const E = this.numExperts;
    const out = this.experts.forward(repeat(x, E));
    const gates = tf.softmax(tf.reshape(tf.matMul(x, this.gates), [B, this.numTasks, E])); // [B, K, E]
    const perTask = Array.from({ length: this.numTasks }, (_, k) => mixExperts(tf.reshape(tf.slice(gates, [0, k, 0], [B, 1, E]), [B, E]) as tf.Tensor2D, out));
    const towersIn = this.dropout.apply(tf.stack(perTask, 1) as tf.Tensor3D, 'towers', mode);
    return unroutedOutput(this.towers.forwardPerTask(towersIn, batch.userFeatures, batch), x);
  }

  dispose(): void {
    this.input.dispose();
    this.params.dispose();
  }
}
