// Masked channel prediction (README §Model 3.1), the model side: the learned [MASK] of every
// channel and the prediction heads on h_o. A category or ID channel gets a linear softmax
// head over its classes (vocabulary capped: the rarer values share one class); a dense
// channel a linear regression head, trained with squared error (a choice, README §Model 3.1).
// These live apart from the encoder's parameters: fine-tuning and a saved encoder skip them.
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows } from '../kernels/gather';
import { createRng } from '../util/rng';
import type { SequenceBatch } from './inputs';
import type { McpBatch, McpChannel } from './mcpBatch';
import type { MaskedChannels } from './mcpMask';
import { embeddingDim } from './mfp';
import { Params } from './params';

export interface McpLosses {
  /** [C] L_mcp^i. */
  perChannel: tf.Tensor1D;
  /** [C] masked positions predicted right (top 1), and within the top 10. */
  correct: tf.Tensor1D;
  top10: tf.Tensor1D;
}

export class McpHeads {
  readonly params: Params;
  /** [M + 1, embedDim] the [MASK] embedding of each discrete channel and the time-gap bucket. */
  private readonly maskRows: tf.Variable<tf.Rank.R2>;
  /** [D] the [MASK] value of each dense channel (in normalised units). */
  private readonly maskValues: tf.Variable<tf.Rank.R1>;
  /** Softmax heads side by side: [d, Σ classes]; channel i's columns start at offsets[i]. */
  private readonly classW: tf.Variable<tf.Rank.R2> | null;
  private readonly classB: tf.Variable<tf.Rank.R1> | null;
  private readonly denseW: tf.Variable<tf.Rank.R2> | null;
  private readonly denseB: tf.Variable<tf.Rank.R1> | null;
  private readonly offsets: number[];

  constructor(
    readonly channels: McpChannel[],
    dims: { discrete: number; dense: number; dModel: number },
    seed: number,
  ) {
    this.params = new Params(createRng(seed).fork('mcp'));
    const p = this.params;
    this.maskRows = p.normal('mcp.mask.embedding', [dims.discrete + 1, embeddingDim(dims.dModel)], 1 / Math.sqrt(embeddingDim(dims.dModel)));
    this.maskValues = p.constant('mcp.mask.dense', [Math.max(1, dims.dense)], 0);
    const classes = channels.filter((c) => c.kind !== 'dense').map((c) => c.classes);
    const dense = channels.filter((c) => c.kind === 'dense').length;
    let at = 0;
    this.offsets = channels.map((c) => (c.kind === 'dense' ? -1 : (at += c.classes) - c.classes));
    const total = classes.reduce((a, b) => a + b, 0);
    this.classW = total > 0 ? p.glorot('mcp.head.w', [dims.dModel, total]) : null;
    this.classB = total > 0 ? p.constant('mcp.head.b', [total], 0) : null;
    this.denseW = dense > 0 ? p.glorot('mcp.head.denseW', [dims.dModel, dense]) : null;
    this.denseB = dense > 0 ? p.constant('mcp.head.denseB', [dense], 0) : null;
  }

  /** The encoder's input: masked dense values set to their [MASK] value, and the discrete [MASK]s to put in. */
  inputs(b: McpBatch): { batch: SequenceBatch; masked: MaskedChannels } {
    const D = b.inputs.dense.shape[2];
    const dense = D > 0 ? tf.add(b.inputs.dense, tf.mul(b.denseWhere, tf.slice(this.maskValues, 0, D))) : b.inputs.dense;
    return { batch: { ...b.inputs, dense: dense as tf.Tensor3D }, masked: { where: b.where, rows: this.maskRows } };
  }

  /** Per-channel MCP loss and hits from h_o [B·N, d], read at the masked positions of `b` only. */
  losses(tokens: tf.Tensor2D, b: McpBatch): McpLosses {
    const P = b.positions.shape[1];
    const loss: tf.Scalar[] = [];
    const correct: tf.Scalar[] = [];
    const top10: tf.Scalar[] = [];
    let denseAt = 0;
    this.channels.forEach((c, i) => {
      const row = <T extends tf.Tensor>(t: T) => tf.reshape(tf.slice(t, [i, 0], [1, P]), [P]);
      const h = gatherRows(tokens, row(b.positions)) as tf.Tensor2D; // [P, d]
      const w = row(b.slotWeights);
      const target = row(b.targets);
      const per = 1 / Math.max(1, b.counts[i]);
      if (c.kind === 'dense') {
        const k = denseAt++;
        const pred = tf.reshape(tf.add(tf.matMul(h, tf.slice(this.denseW!, [0, k], [-1, 1])), tf.slice(this.denseB!, k, 1)), [P]);
        loss.push(tf.mul(tf.sum(tf.mul(w, tf.square(tf.sub(pred, target)))), per));
        correct.push(tf.scalar(0));
        top10.push(tf.scalar(0));
        return;
      }
      const logits = tf.add(tf.matMul(h, tf.slice(this.classW!, [0, this.offsets[i]], [-1, c.classes])), tf.slice(this.classB!, this.offsets[i], c.classes));
      const onehot = tf.oneHot(tf.cast(target, 'int32'), c.classes);
      const nll = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1));
      loss.push(tf.mul(tf.sum(tf.mul(w, nll)), per));
      // Rank of the true class: how many classes score above it (0 = top prediction).
      const trueLogit = tf.sum(tf.mul(onehot, logits), 1, true);
      const rank = tf.sum(tf.cast(tf.greater(logits, trueLogit), 'float32'), 1);
      correct.push(tf.sum(tf.mul(w, tf.cast(tf.less(rank, 1), 'float32'))));
      top10.push(tf.sum(tf.mul(w, tf.cast(tf.less(rank, 10), 'float32'))));
    });
    return { perChannel: tf.stack(loss) as tf.Tensor1D, correct: tf.stack(correct) as tf.Tensor1D, top10: tf.stack(top10) as tf.Tensor1D };
  }

  dispose(): void {
    this.params.dispose();
  }
}
