// MCP pre-training (README §Model 3.1): the encoder (MFP and the blocks, no towers) and the
// MCP heads trained on Σ_i L_mcp^i (every MCP task weighted 1) plus the routing terms, on the
// training users; evaluated on the validation users with the same masks every time. The
// encoder is handed on to fine-tuning; the heads and [MASK]s are not.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Dataset } from '../data/dataset';
import type { McpBatch, McpChannel } from '../model/mcpBatch';
import { McpHeads } from '../model/mcpHeads';
import type { SuperMoE } from '../model/superMoE';
import { isEncoderParam } from '../model/userModel';
import type { RunSpec } from '../run/runSpec';
import { createRng, type Rng } from '../util/rng';
import { NO_USER } from './batch';
import { maskBatch, mcpChannels } from './mcp';
import type { Adam } from './adam';
import { Checkpoint } from './checkpoint';
import { checkStep, gradNormOf, guardedMinimize, LastGood, measuresGradients, readGuardedStep } from './guard';
import { runAdam } from './optimizer';
import type { McpChannelMetrics, McpEvalMetrics, McpStepMetrics } from './mcpMetrics';
import { McpReferenceScore, mcpPriors } from './mcpReference';
import { EpochSampler } from './sampler';
import type { UserSplit } from './trainer';

/** Validation users an MCP evaluation reads at most (its masks are drawn afresh from a fixed seed). */
const MCP_EVAL_USERS = 1024;

export class McpPretrainer {
  stepCount = 0;
  readonly channels: McpChannel[];
  private readonly heads: McpHeads;
  private readonly optimizer: Adam;
  private readonly sampler: EpochSampler;
  private readonly masks: Rng;
  private readonly variables: tf.Variable[];
  private readonly lastGood = new LastGood();
  /** Parameter names (encoder's and heads') by tfjs variable name: which parameter a bad gradient is of. */
  private readonly paramNames: Map<string, string>;
  /** What the values' frequencies alone score at the evaluation's masked positions (the same at every evaluation): scored at the first. */
  private reference: McpChannelMetrics[] | null = null;

  constructor(
    private readonly spec: RunSpec,
    private readonly dataset: Dataset,
    private readonly split: UserSplit,
    readonly model: SuperMoE,
  ) {
    this.channels = mcpChannels(dataset, spec.pretrain.channels, spec.pretrain.vocabCap);
    if (this.channels.length === 0) throw new Error('MCP pre-training needs at least one channel to mask.');
    this.heads = new McpHeads(this.channels, { discrete: dataset.discrete.length, dense: dataset.dense.length, dModel: spec.model.dModel }, spec.seed);
    this.variables = [...model.params.entries().filter(([n]) => isEncoderParam(n)).map(([, v]) => v), ...this.heads.params.variables()];
    // The run's schedule over the pre-training steps, and its weight decay.
    this.optimizer = runAdam(spec.train, spec.pretrain.steps, model.params, this.heads.params);
    this.paramNames = new Map([...model.params.entries(), ...this.heads.params.entries()].map(([name, v]) => [v.name, name]));
    const rng = createRng(spec.seed).fork('mcp');
    this.sampler = new EpochSampler(split.train, rng.fork('batches').int(2 ** 31));
    this.masks = rng.fork('masks');
  }

  get finished(): boolean {
    return this.stepCount >= this.spec.pretrain.steps;
  }

  /**
   * One optimiser step on the next masked batch, with training's non-finite guard (guard.ts): a
   * NaN or ±∞ in a loss term or a gradient puts the encoder, the heads and Adam's state back to
   * the last good step and throws NonFiniteStepError; pre-training can go on from there.
   */
  async step(): Promise<McpStepMetrics> {
    const start = performance.now();
    const b = maskBatch(this.dataset, this.sampler.next(this.spec.train.batchSize), this.channels, this.spec.pretrain.maskRate, this.masks);
    // What the step reports, kept out of minimize's tidy until it is read.
    const report: { packed?: tf.Tensor1D } = {};
    const clipNorm = this.spec.train.clipNorm;
    this.lastGood.beforeStep(() => Checkpoint.take(this.stepCount, [this.model.params, this.heads.params], this.optimizer));
    try {
      const guarded = guardedMinimize(
        this.optimizer,
        () => {
          const { loss, values } = this.forward(b);
          report.packed = tf.keep(values);
          return loss;
        },
        measuresGradients(this.stepCount, clipNorm),
        clipNorm,
        this.variables,
      );
      // One readback: the loss parts and (when measured) each gradient's Σg².
      const { values: v, sumSquares: sums } = await readGuardedStep(report.packed!, guarded);
      this.guard(v, sums, guarded.names, b);
      this.stepCount++;
      const gradNorm = sums ? { gradNorm: gradNormOf(sums) } : {};
      return { step: this.stepCount, loss: v[0], balanceLoss: v[1], zLoss: v[2], channels: this.channelMetrics(v.subarray(3), b.counts), tokens: b.inputs.numValidTokens, stepMs: performance.now() - start, ...gradNorm };
    } finally {
      report.packed?.dispose();
      b.dispose();
    }
  }

  /** Confirms the state the step started from as good, or restores the last good one and throws what went bad. */
  private guard(v: ArrayLike<number>, sums: ArrayLike<number> | null, names: string[], b: McpBatch): void {
    // A channel with no masked event in the batch has no loss to check.
    const tasks = this.channels.flatMap((c, i) => (b.counts[i] > 0 ? [{ name: c.name, value: v[3 + i] }] : []));
    const terms = { total: v[0], balance: v[1], z: v[2], tasks, taskTerm: 'MCP loss' };
    const fault = checkStep(this.lastGood, { terms, sumSquares: sums, names, paramNames: this.paramNames, stepCount: this.stepCount, settings: this.spec.train });
    if (!fault) return;
    this.stepCount = fault.restoredStep;
    throw fault.error;
  }

  /** MCP loss, accuracy and HR@10 per channel on (up to MCP_EVAL_USERS) validation users, the same masks every time; beside them, what the values' frequencies alone score there. */
  async evaluate(): Promise<McpEvalMetrics> {
    const start = performance.now();
    const users = this.split.val.subarray(0, MCP_EVAL_USERS);
    const size = this.spec.train.batchSize;
    const masks = createRng(this.spec.seed).fork('mcp-eval');
    const C = this.channels.length;
    const sums = new Float64Array(3 * C);
    const counts = new Array<number>(C).fill(0);
    const reference = this.reference ? null : new McpReferenceScore(this.channels, mcpPriors(this.dataset, this.split.train, this.channels));
    for (let at = 0; at < users.length; at += size) {
      const chunk = new Int32Array(size).fill(NO_USER);
      chunk.set(users.subarray(at, Math.min(users.length, at + size)));
      const b = maskBatch(this.dataset, chunk, this.channels, this.spec.pretrain.maskRate, masks);
      reference?.add(b.targetValues, b.counts);
      const values = tf.tidy(() => this.forward(b).values);
      const v = await values.data();
      values.dispose();
      // Per-chunk means back to sums, so the result is the mean over every masked position.
      for (let i = 0; i < C; i++) {
        sums[i] += v[3 + i] * b.counts[i];
        sums[C + i] += v[3 + C + i];
        sums[2 * C + i] += v[3 + 2 * C + i];
        counts[i] += b.counts[i];
      }
      b.dispose();
    }
    const means = Float64Array.from(sums, (s, j) => (j < C ? s / Math.max(1, counts[j]) : s));
    this.reference ??= reference!.metrics();
    return { step: this.stepCount, channels: this.channelMetrics(means, counts), reference: this.reference, evalMs: performance.now() - start };
  }

  /** The heads, [MASK]s and optimiser state; the encoder stays with the model. */
  dispose(): void {
    this.lastGood.dispose();
    this.optimizer.dispose();
    this.heads.dispose();
  }

  /** Total loss, and [total, balance, z, L_i…, correct_i…, top10_i…] for one readback. */
  private forward(b: McpBatch): { loss: tf.Scalar; values: tf.Tensor1D } {
    const { batch, masked } = this.heads.inputs(b);
    const enc = this.model.encode(batch, masked);
    const l = this.heads.losses(enc.tokens, b);
    const loss = tf.addN([tf.sum(l.perChannel), enc.balanceLoss, enc.zLoss]) as tf.Scalar;
    return { loss, values: tf.concat([tf.stack([loss, enc.balanceLoss, enc.zLoss]), l.perChannel, l.correct, l.top10]) as tf.Tensor1D };
  }

  /** v = [L_i…, correct_i…, top10_i…]. */
  private channelMetrics(v: ArrayLike<number>, counts: number[]): McpChannelMetrics[] {
    const C = this.channels.length;
    return this.channels.map((c, i) => {
      const n = counts[i];
      const discrete = c.kind !== 'dense';
      return {
        name: c.name,
        kind: c.kind,
        loss: n > 0 ? v[i] : null,
        accuracy: discrete && n > 0 ? v[C + i] / n : null,
        hitRate10: discrete && n > 0 && c.classes > 10 ? v[2 * C + i] / n : null,
        masked: n,
      };
    });
  }
}
