// PLE (Tang et al. 2020), the second baseline of the paper's Table 2: progressive layered
// extraction. Each of numBlocks levels has E shared expert MLPs and one expert per task;
// task k's gate mixes its own expert and the shared ones, and (below the top level) a shared
// gate mixes all experts into the next level's shared input. Task k's tower reads the top
// level's g_k. Input x: SuperMoE's MFP, max-pooled over the events (see pooledMfp.ts);
// towers: the same linear towers as SuperMoE, on g_k (and the user summary inputs).
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

interface ExtractionLevel {
  shared: ExpertMlps;
  /** One expert per task: expert k reads task k's input. */
  task: ExpertMlps;
  /** [K, d, 1 + E]: task k's gate over (its expert, the shared experts). */
  taskGates: tf.Variable<tf.Rank.R3>;
  /** [d, K + E]: the shared gate over every expert; absent at the top level. */
  sharedGate: tf.Variable<tf.Rank.R2> | null;
}

export class PLE implements UserModel {
  readonly params: Params;
  readonly numExperts: number;
  private readonly input: PooledMfp;
  private readonly levels: ExtractionLevel[];
  readonly towers: TaskTowers;
  private readonly dropout: Dropout;
  private readonly numTasks: number;

  constructor(settings: ModelSettings, schema: DatasetSchema, seed: number) {
    const { dModel: d, ffnHidden, numBlocks } = settings;
    const E = (this.numExperts = settings.numExperts);
    const K = (this.numTasks = schema.tasks.length);
    this.params = new Params(createRng(seed).fork('init'));
    const p = this.params;
    this.dropout = new Dropout(settings.dropout, seed);
    this.input = new PooledMfp(p, schema, d, this.dropout);
    this.levels = Array.from({ length: numBlocks }, (_, l) => ({
      shared: new ExpertMlps(p, `ple${l}.shared`, E, d, ffnHidden),
      task: new ExpertMlps(p, `ple${l}.task`, K, d, ffnHidden),
      taskGates: p.glorot<tf.Rank.R3>(`ple${l}.taskGates`, [K, d, 1 + E]),
      sharedGate: l < numBlocks - 1 ? p.glorot<tf.Rank.R2>(`ple${l}.sharedGate`, [d, K + E]) : null,
    }));
    this.towers = new TaskTowers(p, d, K, schema.userFeatures, settings.summaryHidden, wideOf(settings, schema));
  }

  forward(batch: SequenceBatch, mode: ForwardMode = EVALUATION): UserModelOutput {
    const x = this.input.forward(batch, mode);
    const K = this.numTasks;
    let taskIn = repeat(x, K); // [K, B, d]: task k's input
    let sharedIn = x;
    for (const level of this.levels) {
      const shared = level.shared.forward(repeat(sharedIn, level.shared.count)); // [E, B, d]
      const own = level.task.forward(taskIn); // [K, B, d]
      const gates = tf.softmax(tf.matMul(taskIn, level.taskGates)); // [K, B, 1 + E]
      const next = Array.from({ length: K }, (_, k) => {
        const experts = tf.concat([tf.slice(own, [k, 0, 0], [1, -1, -1]), shared], 0) as tf.Tensor3D;
        return mixExperts(tf.squeeze(tf.slice(gates, [k, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D, experts);
      });
      if (level.sharedGate) sharedIn = mixExperts(tf.softmax(tf.matMul(sharedIn, level.sharedGate)) as tf.Tensor2D, tf.concat([own, shared], 0) as tf.Tensor3D);
      taskIn = tf.stack(next) as tf.Tensor3D;
    }
    const towersIn = this.dropout.apply(tf.transpose(taskIn, [1, 0, 2]) as tf.Tensor3D, 'towers', mode);
    return unroutedOutput(this.towers.forwardPerTask(towersIn, batch.userFeatures, batch), x);
  }

  dispose(): void {
    this.input.dispose();
    this.params.dispose();
  }
}
