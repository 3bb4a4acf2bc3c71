// Fine-tuning heads (README §Model 2.5): one linear tower per task on H, no activation,
// y_k = Tower_k(H). The K towers are the K columns of one matrix, computed in one product.
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from './params';

export class TaskTowers {
  private readonly w: tf.Variable<tf.Rank.R2>;
  private readonly b: tf.Variable<tf.Rank.R1>;

  constructor(p: Params, d: number, numTasks: number) {
    this.w = p.glorot('towers.w', [d, numTasks]);
    this.b = p.constant('towers.b', [numTasks], 0);
  }

  /** H [B, d] → logits [B, K]. */
  forward(H: tf.Tensor2D): tf.Tensor2D {
    return tf.fused.matMul({ a: H, b: this.w, bias: this.b }) as tf.Tensor2D;
  }

  /** Per-task inputs G [B, K, d] (MMoE, PLE: task k's tower reads g_k) → logits [B, K]. */
  forwardPerTask(G: tf.Tensor3D): tf.Tensor2D {
    return tf.add(tf.sum(tf.mul(G, tf.expandDims(tf.transpose(this.w), 0)), 2), this.b) as tf.Tensor2D;
  }
}
