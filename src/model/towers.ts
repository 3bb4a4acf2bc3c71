// Fine-tuning heads (README §Model 2.5): one linear tower per task, no activation. With
// per-user summary inputs s (F > 0) they are "wide & deep" towers, y_k = w_k·H + v_k·s + b_k,
// i.e. w_k·[H; s] + b_k: the max-pooled sequence cannot count a whole history, s can. The K
// towers are the K columns of one matrix per input, computed in one product each. With a
// summary hidden width h > 0 (model.summaryHidden) the deep part also reads a ReLU layer on s,
// y_k = w_k·H + u_k·relu(W_s·s + c) + v_k·s + b_k: a linear v·s cannot weigh one summary input
// by another (many orders × small quantities is not few orders × large ones), README §Model 2.5.
// With model.wideIds they also add a weight per value of each discrete channel summed over the
// values the user's events hold (wideIds.ts): the bag of items a user bought, which the deep
// path did not learn.
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSchema } from '../data/dataset';
import type { ModelSettings } from '../run/modelTypes';
import type { Params } from './params';
import { WideIds, type WideBag, type WideEvents } from './wideIds';

/** Where the towers start instead of at random: the weights on s [F, K] (row-major) and the biases [K]; the weights on H start at 0. */
export interface TowerStart {
  summary: Float32Array;
  bias: Float32Array;
}

/** The towers' wide part as the model settings ask for it (model.wideIds, model.wideBag); undefined without it. */
export function wideOf(settings: Pick<ModelSettings, 'wideIds' | 'wideBag'>, schema: Pick<DatasetSchema, 'discrete'>): WideOn | undefined {
  return settings.wideIds ? { schema, bag: settings.wideBag } : undefined;
}

/** The discrete channels of the schema and how their weights add up (wideIds.ts). */
export interface WideOn {
  schema: Pick<DatasetSchema, 'discrete'>;
  bag: WideBag;
}

export class TaskTowers {
  private readonly w: tf.Variable<tf.Rank.R2>;
  private readonly b: tf.Variable<tf.Rank.R1>;
  /** [F, K] the weights on the summary inputs s; null without them (exactly the towers on H alone). */
  private readonly v: tf.Variable<tf.Rank.R2> | null;
  /** The ReLU layer on s and the towers' weights on it; null without summary inputs or with summaryHidden 0. */
  private readonly hidden: SummaryHidden | null;
  /** The wide part on the events' values (model.wideIds); null without it. */
  readonly ids: WideIds | null;

  /** `wideOn`: the discrete channels of the schema and how their weights add up, when the towers have a wide part (model.wideIds). */
  constructor(p: Params, d: number, numTasks: number, summaryWidth: number, summaryHidden = 0, wideOn?: WideOn) {
    this.w = p.glorot('towers.w', [d, numTasks]);
    this.b = p.constant('towers.b', [numTasks], 0);
    this.v = summaryWidth > 0 ? p.glorot('towers.summary', [summaryWidth, numTasks]) : null;
    // Made after the other tower weights, so a model without it draws them as before, to the bit.
    this.hidden =
      summaryWidth > 0 && summaryHidden > 0
        ? {
            W: p.glorot('towers.summaryHidden.w', [summaryWidth, summaryHidden]),
            c: p.constant('towers.summaryHidden.b', [summaryHidden], 0),
            u: p.glorot('towers.summaryHidden.out', [summaryHidden, numTasks]),
          }
        : null;
    // Its tables start at 0 and draw nothing from the seed: the other weights are as without it.
    this.ids = wideOn ? new WideIds(p, wideOn.schema, numTasks, wideOn.bag) : null;
  }

  /** H [B, d] (and s [B, F], and the batch's events for the wide part) → logits [B, K]. */
  forward(H: tf.Tensor2D, s?: tf.Tensor2D, events?: WideEvents): tf.Tensor2D {
    // matMul then add, not tf.fused.matMul: tfjs-webgpu runs the fused op's few output columns
    // as a workgroup reduction per row (39 ms for [256, 32] × [32, 4] on SwiftShader), the
    // plain matMul takes the small-matmul path (src/kernels/matmul).
    return this.addIds(this.addWide(tf.add(tf.matMul(H, this.w), this.b), s), events);
  }

  /** Per-task inputs G [B, K, d] (MMoE, PLE: task k's tower reads g_k, and s) → logits [B, K]. */
  forwardPerTask(G: tf.Tensor3D, s?: tf.Tensor2D, events?: WideEvents): tf.Tensor2D {
    return this.addIds(this.addWide(tf.add(tf.sum(tf.mul(G, tf.expandDims(tf.transpose(this.w), 0)), 2), this.b) as tf.Tensor2D, s), events);
  }

  /** The wide part's L2 term for the loss (wideL2Weight × Σ w²); null without a wide part or with it fixed (a constant). */
  idsPenalty(weight: number): tf.Scalar | null {
    return this.ids && !this.ids.fixed ? tf.mul(this.ids.penalty(), weight) : null;
  }

  /**
   * Starts the towers at a linear model of s (the baseline's logistic regression): the weights
   * on H (and on the summary's hidden layer) at 0, so the first logits are that model's, and
   * training learns what the sequence and the summary's interactions add (CANN: Wüthrich & Merz 2019).
   */
  start(at: TowerStart): void {
    if (!this.v) throw new Error('The towers have no summary inputs to start from.');
    const [F, K] = this.v.shape;
    if (at.summary.length !== F * K || at.bias.length !== K) throw new Error(`A tower start needs ${F}×${K} weights and ${K} biases.`);
    tf.tidy(() => {
      this.w.assign(tf.zerosLike(this.w));
      // Its layer W_s keeps its random start: with u at 0 the first logits are the regression's.
      if (this.hidden) this.hidden.u.assign(tf.zerosLike(this.hidden.u));
      this.v!.assign(tf.tensor2d(at.summary, [F, K], 'float32'));
      this.b.assign(tf.tensor1d(at.bias, 'float32'));
    });
  }

  /**
   * CANN proper (towerInit 'cann'): the weights on s stay where start() put them, so the
   * regression's logit is a fixed offset and the network learns only what it misses; on a
   * small real log the trained wide part drifted from the regression's optimum and took the
   * tasks the sequence adds nothing to below the regression (README §Model 2.5).
   */
  fixWide(): void {
    if (!this.v) throw new Error('The towers have no summary inputs to fix.');
    this.v.trainable = false;
  }

  private addIds(logits: tf.Tensor2D, events: WideEvents | undefined): tf.Tensor2D {
    if (!this.ids) return logits;
    if (!events) throw new Error('The towers read the events\' values, and the batch has none.');
    return tf.add(logits, this.ids.forward(events));
  }

  private addWide(deep: tf.Tensor2D, s: tf.Tensor2D | undefined): tf.Tensor2D {
    if (!this.v) return deep;
    if (!s) throw new Error(`The model reads ${this.v.shape[0]} user summary inputs, and the batch has none.`);
    const wide: tf.Tensor2D = tf.add(deep, tf.matMul(s, this.v));
    if (!this.hidden) return wide;
    const { W, c, u } = this.hidden;
    return tf.add(wide, tf.matMul(tf.relu(tf.add(tf.matMul(s, W), c)) as tf.Tensor2D, u));
  }
}

interface SummaryHidden {
  /** [F, h] */
  W: tf.Variable<tf.Rank.R2>;
  /** [h] */
  c: tf.Variable<tf.Rank.R1>;
  /** [h, K] the towers' weights on the hidden layer. */
  u: tf.Variable<tf.Rank.R2>;
}
