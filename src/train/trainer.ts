// Training and evaluation of one run: seeded batches, Adam, one device→CPU readback per
// step, and exact validation AUC; with early stopping, the holdout's AUC at every evaluation
// chooses the step whose weights the phase ends with. Every tensor a call makes is freed
// before it returns (a checkpoint's copies are freed when it is replaced or disposed).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; the union package would, but we only use core.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { schemaOf, type Dataset } from '../data/dataset';
import { registerWebGpuOverrides } from '../kernels/webgpuOverrides';
import { WeightAverage } from './weightAverage';
import { siteStats, type RoutedLoad, type RoutingSiteStats } from '../model/router';
import { buildModel } from '../model/buildModel';
import { wideL2Weight } from '../model/wideIds';
import { describeValueWeights } from './valueWeights';
import { SCORING } from '../model/dropout';
import type { SuperMoEOutput } from '../model/superMoE';
import type { UserModel } from '../model/userModel';
import { taskWeights, type RunSpec } from '../run/runSpec';
import { exactAuc, oracleAuc } from './auc';
import type { BaselineScores } from './baseline';
import { pairedAucDifference, type AucDifference } from './delong';
import { buildBatch, disposeBatch, NO_USER, type TrainingBatch } from './batch';
import { Adam } from './adam';
import { Checkpoint, type KeptState, type RestorableOptimizer } from './checkpoint';
import { EarlyStopping, selectionScore } from './earlyStopping';
import { binaryCrossEntropy, reportedTaskLoss, taskIndicatorLoss } from './losses';
import type { EarlyStopEval, EvalMetrics, PhaseResult, StepMetrics, TaskEval } from './metrics';
import { FixedWeights, type TaskWeights } from './lambda';
import { checkStep, gradNormOf, guardedMinimize, LastGood, measuresGradients, readGuardedStep } from './guard';
import { runAdam } from './optimizer';
import { RECALL_PRECISIONS, recallAtPrecision } from './recall';
import { EpochSampler } from './sampler';
import { aucPerTask, scoringChunk } from './scoring';


export interface UserSplit {
  train: Int32Array;
  /** Whose AUC is reported; they choose nothing. */
  val: Int32Array;
  /** Training users not trained on that choose the step to keep (early stopping); absent = keep the last step. */
  holdout?: Int32Array;
}

/** Hooks of the training recipe (pre-trained encoder, encoder learning rate, λ mode); each defaults to a plain run. */
export interface TrainerOptions {
  /** The model to train (e.g. one holding a pre-trained encoder); default: a fresh one for spec.model. Owned by the trainer from then on. */
  model?: UserModel;
  /** Applies each step's gradients; default: Adam on the run's schedule and weight decay over every trainable variable. */
  optimizer?: RestorableOptimizer;
  /** λ of the task-indicator losses; default: the fixed train.lambda. */
  weights?: TaskWeights;
  /** Per task, the baseline's logits on the validation users (split.val's order): each evaluation reports the model's AUC minus the baseline's, with its paired standard error. */
  baselineScores?: BaselineScores | null;
}

export class Trainer {
  /** Optimiser steps the weights have had (back to the chosen step's after finish() restores it). */
  stepCount = 0;
  private readonly sampler: EpochSampler;
  private readonly optimizer: RestorableOptimizer;
  private readonly weights: TaskWeights;
  private readonly baselineScores: BaselineScores | null;
  private readonly earlyStopping: EarlyStopping | null;
  /** Per task (null for a task not trained), the step best on its own holdout AUC (train.earlyStopPerTask); empty when off. */
  private readonly taskStopping: (EarlyStopping | null)[];
  /** The tasks being trained (λ_k > 0 at the start): those the early-stopping score averages. */
  private readonly scoredTasks: boolean[];
  private oracle: (number | null)[] | null = null;
  private lastEval: EvalMetrics | null = null;
  /** The state of the last step known good (guard.ts): where a non-finite step goes back to. */
  private readonly lastGood = new LastGood();
  /** Parameter names (e.g. "block0.ffn1.w1") by tfjs variable name: which parameter a bad gradient is of. */
  private readonly paramNames: Map<string, string>;
  /** The weights' moving average that evaluations score (train.emaDecay); null when off. */
  private readonly average: WeightAverage | null;
  /** The wide part's L2 weight per Σw² (wideL2Weight of the users trained on); unused without it. */
  private readonly idsL2: number;

  private constructor(
    /** The phase's run: its model settings and batch size (what a saved model and its scoring need). */
    readonly spec: RunSpec,
    readonly dataset: Dataset,
    readonly split: UserSplit,
    readonly model: UserModel,
    options: TrainerOptions,
  ) {
    this.sampler = new EpochSampler(split.train, spec.seed);
    this.idsL2 = wideL2Weight(split.train.length);
    this.paramNames = new Map(model.params.entries().map(([name, v]) => [v.name, name]));
    // tf.train.adam's update, fused into two WGSL dispatches per variable on WebGPU.
    this.optimizer = options.optimizer ?? runAdam(spec.train, spec.train.steps, model.params);
    this.weights = options.weights ?? new FixedWeights(taskWeights(spec, dataset.tasks.length));
    this.baselineScores = options.baselineScores ?? null;
    this.scoredTasks = this.weights.current().map((l) => l > 0);
    this.earlyStopping = split.holdout && split.holdout.length > 0 ? new EarlyStopping(spec.train.patience) : null;
    // One task alone has nothing to choose apart from the joint score.
    const perTask = this.earlyStopping !== null && spec.train.earlyStopPerTask && this.scoredTasks.filter(Boolean).length > 1;
    this.taskStopping = perTask ? this.scoredTasks.map((scored) => (scored ? new EarlyStopping(0) : null)) : [];
    this.average = spec.train.emaDecay > 0 ? new WeightAverage(model.params.variables(), spec.train.emaDecay) : null;
  }

  /** A fresh model for `spec` on `dataset`; the tfjs backend must already be set. */
  static async create(spec: RunSpec, dataset: Dataset, split: UserSplit, options: TrainerOptions = {}): Promise<Trainer> {
    await tf.ready();
    // The WebGPU overrides (small products, short reductions, ordered scatter…). The app's
    // worker installs them when it starts the backend; this covers a backend set elsewhere
    // (Node tests); a second call does nothing.
    if (tf.getBackend() === 'webgpu') registerWebGpuOverrides();
    if (dataset.tasks.length === 0) throw new Error('The dataset has no label column: SuperMoE trains on at least one task.');
    return new Trainer(spec, dataset, split, options.model ?? buildModel(spec.model, schemaOf(dataset), spec.seed), options);
  }

  get parameterCount(): number {
    return this.model.params.count();
  }

  /**
   * One optimiser step on the next batch of training users. A non-finite loss or gradient
   * (guard.ts) puts the weights and optimiser state back to the last good step and throws
   * NonFiniteStepError, which says what went bad; training can go on from there.
   */
  step(): Promise<StepMetrics> {
    // With averaging, never while an export or embedding has the averaged weights swapped in.
    return this.average ? this.average.serial(() => this.takeStep()) : this.takeStep();
  }

  private async takeStep(): Promise<StepMetrics> {
    const start = performance.now();
    const batch = buildBatch(this.dataset, this.sampler.next(this.spec.train.batchSize));
    // What the step reports, kept out of minimize's tidy until it is read.
    const report: { packed?: tf.Tensor1D; routing?: RoutedLoad[]; capacity?: number | null } = {};
    const lambda = this.weights.current();
    const clipNorm = this.spec.train.clipNorm;
    const measure = measuresGradients(this.stepCount, clipNorm);
    this.lastGood.beforeStep(() => this.checkpoint());
    try {
      const guarded = guardedMinimize(
        this.optimizer,
        () => {
          // A training pass: dropout's masks come from the seed and this step.
          const out = this.model.forward(batch, { training: true, step: this.stepCount });
          const task = taskIndicatorLoss(out.logits, batch.labels, batch.labelMask, batch.labelled, lambda);
          const prior = this.model.towers.idsPenalty(this.idsL2);
          const loss = tf.addN([task.weighted, out.balanceLoss, out.zLoss, ...(prior ? [prior] : [])]) as tf.Scalar;
          report.packed = tf.keep(packStepValues(loss, task.perTask, out));
          report.routing = out.routing;
          report.capacity = out.capacity;
          return loss;
        },
        measure,
        clipNorm,
      );
      // The step's only readback: the loss parts, every site's expert load and (when measured) each gradient's Σg².
      const { values, sumSquares: sums } = await readGuardedStep(report.packed!, guarded);
      this.guard(values, sums, guarded.names, batch);
      this.stepCount++;
      this.average?.update(this.stepCount);
      const K = this.dataset.tasks.length;
      const routing = siteStats(report.routing!, values.subarray(3 + K), this.model.numExperts, report.capacity!);
      await this.weights.afterStep(this.stepCount);
      const gradNorm = sums ? { gradNorm: gradNormOf(sums) } : {};
      return { ...this.stepMetrics(values, routing, batch, performance.now() - start), lambda: [...this.weights.current()], ...gradNorm };
    } finally {
      if (report.packed) report.packed.dispose();
      disposeBatch(batch);
    }
  }

  /** Confirms the state the step started from as good, or restores the last good one and throws what went bad. */
  private guard(values: ArrayLike<number>, sums: ArrayLike<number> | null, names: string[], batch: TrainingBatch): void {
    // A task without a label in the batch has no loss to check.
    const tasks = this.dataset.tasks.flatMap((t, k) => (batch.labelled[k] > 0 ? [{ name: t.name, value: values[3 + k] }] : []));
    const terms = { total: values[0], balance: values[1], z: values[2], tasks };
    const fault = checkStep(this.lastGood, { terms, sumSquares: sums, names, paramNames: this.paramNames, stepCount: this.stepCount, settings: this.spec.train });
    if (!fault) return;
    this.stepCount = fault.restoredStep;
    throw fault.error;
  }

  /** Exact AUC and mean BCE per task over all validation users; with early stopping, the holdout scored and the best step's checkpoint kept. */
  async evaluate(): Promise<EvalMetrics> {
    const start = performance.now();
    // With averaging, both score the averaged weights, and a kept checkpoint holds them.
    const [tasks, earlyStop] = await this.withEvaluatedWeights(async () => [await this.evaluateValidation(), this.earlyStopping ? await this.scoreHoldout(this.earlyStopping) : undefined] as const);
    this.lastEval = { step: this.stepCount, tasks, evalMs: performance.now() - start, ...(earlyStop ? { earlyStop } : {}) };
    return this.lastEval;
  }

  /** Patience ran out: the phase should end (then call finish()). */
  get stopped(): boolean {
    return this.earlyStopping?.stop ?? false;
  }

  /**
   * Ends the phase: with early stopping, the chosen step's checkpoint is restored (when training
   * went on past it) and the validation users evaluated on those weights; else the last
   * evaluation stands (the current step is evaluated first if it was not).
   */
  async finish(): Promise<PhaseResult> {
    const last = this.lastEval?.step === this.stepCount ? this.lastEval : await this.evaluate();
    const result = await this.withTrainedWeights(() => this.keepEvaluated(last));
    // The kept weights' value weights, in the data's words (what the phase goes on with).
    const ids = this.model.towers.ids;
    return ids ? { ...result, valueWeights: await describeValueWeights(ids, this.dataset) } : result;
  }

  /** The phase keeps the weights it evaluated (the average's, with averaging), the chosen step's when early stopping chose one. */
  private async keepEvaluated(last: EvalMetrics): Promise<PhaseResult> {
    this.average?.commit();
    const best = this.earlyStopping?.checkpoint ?? null;
    const own = best ? await this.evaluateTaskSteps(best) : null;
    try {
      if (!best || best.step === last.step) return withTaskSteps({ step: last.step, restored: false, metrics: last }, own);
      const start = performance.now();
      this.restore(best);
      const tasks = await this.evaluateValidation();
      this.lastEval = { step: this.stepCount, tasks, evalMs: performance.now() - start };
      return withTaskSteps({ step: best.step, restored: true, metrics: this.lastEval }, own);
    } finally {
      // The kept weights are now the evaluated ones: the average goes on from them.
      this.average?.reset();
    }
  }

  /**
   * Runs `f` on the weights being trained, between steps and never while an evaluation, an
   * export or an embedding has the averaged weights swapped in (a write then would be undone
   * by the swap back). What a fault drill that writes into the weights goes through.
   */
  withTrainedWeights<T>(f: () => Promise<T>): Promise<T> {
    return this.average ? this.average.serial(f) : f();
  }

  /**
   * Runs `f` on the weights evaluations score: the moving average's (train.emaDecay) while a
   * phase runs, the weights themselves when averaging is off or the phase has finished. What
   * an export, a saved model or the embedding view of a paused run read.
   */
  withEvaluatedWeights<T>(f: () => Promise<T>): Promise<T> {
    return this.average ? this.average.swapped(f) : f();
  }

  /**
   * Per-task early stopping: each task whose best holdout step differs from the joint `best`
   * is evaluated on the validation users with that step's weights (each such step restored
   * once); the weights are then put back to `best`'s, which the phase keeps (the user
   * representation H is the joint step's). Null when per-task early stopping is off.
   */
  private async evaluateTaskSteps(best: Checkpoint): Promise<TaskSteps | null> {
    if (this.taskStopping.length === 0) return null;
    const steps = this.dataset.tasks.map(() => best.step);
    const evals = new Map<number, TaskEval>();
    const byStep = new Map<number, { checkpoint: Checkpoint; tasks: number[] }>();
    this.taskStopping.forEach((es, k) => {
      const c = es?.checkpoint;
      if (!c || c.step === best.step) return;
      const group = byStep.get(c.step) ?? { checkpoint: c, tasks: [] };
      group.tasks.push(k);
      byStep.set(c.step, group);
    });
    for (const [step, { checkpoint, tasks }] of byStep) {
      this.restore(checkpoint);
      const all = await this.evaluateValidation();
      for (const k of tasks) {
        evals.set(k, all[k]);
        steps[k] = step;
      }
    }
    if (byStep.size > 0) this.restore(best);
    return { steps, evals };
  }

  /** The weights and optimiser state now, with the step count (kept on the device until disposed). */
  checkpoint(): Checkpoint {
    return Checkpoint.take(this.stepCount, this.model.params, this.optimizer);
  }

  /** The weights and Adam state now, read back to the CPU by parameter name (null with an optimiser that cannot be loaded back, e.g. fine-tuning's two groups). */
  async exportState(): Promise<KeptState | null> {
    const optimizer = this.optimizer;
    if (!(optimizer instanceof Adam)) return null;
    // The trained weights, never an average an export has swapped in meanwhile.
    return this.withTrainedWeights(async () => {
      const weights: Record<string, Float32Array> = {};
      for (const [name, v] of this.model.params.entries()) weights[name] = (await v.data()) as Float32Array;
      const state = await optimizer.readState();
      const moments = Object.fromEntries([...state.moments].map(([n, m]) => [this.paramNames.get(n) ?? n, m]));
      return { step: this.stepCount, weights, optimizer: { step: state.step, betaPowers: state.betaPowers, moments } };
    });
  }

  /**
   * Goes on from `s` (exportState() of the same run in a worker that was lost): weights, Adam
   * state, step count, and the batches drawn so far (replayed), so the steps that follow are
   * those the lost run would have made. The early-stopping record starts again from here.
   */
  importState(s: KeptState): void {
    if (!(this.optimizer instanceof Adam)) throw new Error('This run cannot be resumed from a kept state (its optimiser has two groups).');
    const byName = new Map(this.model.params.entries());
    for (const [name, values] of Object.entries(s.weights)) {
      const v = byName.get(name);
      if (!v || v.size !== values.length) throw new Error(`The kept state does not fit this model (parameter ${name}).`);
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    }
    const tfName = new Map(this.model.params.entries().map(([name, v]) => [name, v.name]));
    const moments = new Map(Object.entries(s.optimizer.moments).map(([name, m]) => [tfName.get(name) ?? name, m]));
    this.optimizer.loadState({ step: s.optimizer.step, betaPowers: s.optimizer.betaPowers, moments });
    for (let i = this.stepCount; i < s.step; i++) this.sampler.next(this.spec.train.batchSize);
    this.stepCount = s.step;
    // The kept state holds the weights, not their average: it starts again from them.
    this.average?.reset();
  }

  /** Back to `c`'s step: weights, optimiser state (so its schedule too) and step count. */
  restore(c: Checkpoint): void {
    c.restore();
    this.stepCount = c.step;
  }

  /**
   * With the regression fixed in the towers (towerInit 'cann') the model before its first step
   * is the baseline itself: the holdout scores it for each task's own step, so a task the
   * sequence does not help on the holdout keeps the baseline's predictions (README §Model 3.5).
   * The joint step (the weights the phase keeps, its H) is chosen from trained steps only.
   */
  async scoreStart(): Promise<(number | null)[] | null> {
    if (this.taskStopping.length === 0 || this.stepCount !== 0) return null;
    const holdoutAuc = await this.aucs(this.split.holdout!);
    this.taskStopping.forEach((t, k) => t?.observe(holdoutAuc[k], () => this.checkpoint()));
    return holdoutAuc;
  }

  /** Per task AUC on the early-stopping holdout; the best step so far keeps its checkpoint. */
  private async scoreHoldout(es: EarlyStopping): Promise<EarlyStopEval> {
    const holdoutAuc = await this.aucs(this.split.holdout!);
    const score = selectionScore(holdoutAuc, this.scoredTasks);
    es.observe(score, () => this.checkpoint());
    // A checkpoint's copies share the device buffers of the step's weights: several taken at one step cost one set.
    this.taskStopping.forEach((t, k) => t?.observe(holdoutAuc[k], () => this.checkpoint()));
    const taskChosenSteps = this.taskStopping.length > 0 ? this.taskStopping.map((t) => t?.chosenStep ?? null) : undefined;
    return { holdoutAuc, score, chosenStep: es.chosenStep, stop: es.stop, ...(taskChosenSteps ? { taskChosenSteps } : {}) };
  }

  /** Exact AUC per task of the model's logits on `users`; null where undefined. */
  private async aucs(users: Int32Array): Promise<(number | null)[]> {
    return aucPerTask(this.dataset, users, await this.forwardUsers(users, (out) => out.logits));
  }

  /** Exact AUC, mean BCE and recall per task over all validation users. */
  private async evaluateValidation(): Promise<TaskEval[]> {
    const users = this.split.val;
    const K = this.dataset.tasks.length;
    const logits = await this.forwardUsers(users, (out) => out.logits);
    this.oracle ??= this.dataset.tasks.map((_, k) => oracleAuc(this.dataset, users, k));
    const tasks: TaskEval[] = this.dataset.tasks.map((task, k) => {
      const scores = new Float64Array(users.length);
      const labels = new Float64Array(users.length);
      const mask = new Float64Array(users.length);
      let bce = 0;
      users.forEach((u, i) => {
        scores[i] = logits[i * K + k];
        labels[i] = this.dataset.labels[u * K + k];
        mask[i] = this.dataset.labelMask[u * K + k];
        if (mask[i] > 0) bce += binaryCrossEntropy(scores[i], labels[i]);
      });
      const labelled = mask.reduce((a, m) => a + (m > 0 ? 1 : 0), 0);
      const auc = exactAuc(scores, labels, mask);
      return {
        name: task.name,
        auc: auc.defined ? auc.auc : null,
        ...(auc.defined ? {} : { undefinedReason: auc.reason }),
        oracleAuc: this.oracle![k],
        loss: labelled > 0 ? bce / labelled : null,
        labelled,
        recall: RECALL_PRECISIONS.map((p) => recallAtPrecision(scores, labels, p, mask)),
        ...this.vsBaseline(k, scores, labels, mask),
      };
    });
    return tasks;
  }

  /** Task k's margin over the baseline on the same validation users, where the baseline has scores for it. */
  private vsBaseline(k: number, scores: Float64Array, labels: Float64Array, mask: Float64Array): { vsBaseline?: AucDifference | null } {
    const bar = this.baselineScores?.[k];
    if (!bar) return {};
    if (bar.length !== scores.length) throw new Error(`The baseline scored ${bar.length} validation users, the model ${scores.length}.`);
    return { vsBaseline: pairedAucDifference(scores, bar, labels, mask) };
  }

  /** The user representations H [users.length × d_model], row-major. */
  async embed(users: Int32Array): Promise<Float32Array> {
    return this.withEvaluatedWeights(() => this.forwardUsers(users, (out) => out.H));
  }

  dispose(): void {
    this.average?.dispose();
    this.lastGood.dispose();
    this.earlyStopping?.dispose();
    for (const es of this.taskStopping) es?.dispose();
    this.optimizer.dispose();
    this.model.dispose();
  }

  /**
   * `pick` of the forward pass over `users`, in chunks of scoringChunk(batch size) users (the
   * last one padded with empty rows, so every chunk has the same shape and the shaders compile
   * once), read back once.
   */
  private async forwardUsers(users: Int32Array, pick: (out: SuperMoEOutput) => tf.Tensor2D): Promise<Float32Array> {
    if (users.length === 0) return new Float32Array(0);
    const size = scoringChunk(this.spec.train.batchSize);
    const parts: tf.Tensor2D[] = [];
    try {
      for (let start = 0; start < users.length; start += size) {
        const chunk = new Int32Array(size).fill(NO_USER);
        chunk.set(users.subarray(start, Math.min(users.length, start + size)));
        const batch = buildBatch(this.dataset, chunk);
        parts.push(tf.tidy(() => pick(this.model.forward(batch, SCORING))));
        disposeBatch(batch);
      }
      const all = tf.tidy(() => tf.concat(parts, 0));
      const values = (await all.data()) as Float32Array;
      all.dispose();
      return values.subarray(0, users.length * parts[0].shape[1]);
    } finally {
      tf.dispose(parts);
    }
  }

  private stepMetrics(values: ArrayLike<number>, routing: RoutingSiteStats[], batch: TrainingBatch, stepMs: number): StepMetrics {
    const K = this.dataset.tasks.length;
    return {
      step: this.stepCount,
      loss: values[0],
      taskLoss: reportedTaskLoss(Array.from({ length: K }, (_, k) => values[3 + k]), batch.labelled),
      balanceLoss: values[1],
      zLoss: values[2],
      routing,
      tokens: batch.numValidTokens,
      stepMs,
    };
  }
}

/** Per-task early stopping's outcome: the step each task's metrics come from, and the metrics of the tasks whose step is not the joint one. */
interface TaskSteps {
  steps: number[];
  evals: Map<number, TaskEval>;
}

/** `result` with each task's metrics from its own step (README §Model 3.5); as is without per-task early stopping. */
function withTaskSteps(result: PhaseResult, own: TaskSteps | null): PhaseResult {
  if (!own) return result;
  const tasks = result.metrics.tasks.map((t, k) => own.evals.get(k) ?? t);
  return { ...result, metrics: { ...result.metrics, tasks }, taskSteps: own.steps };
}

/** [loss, balance, z, L_1..L_K, then the expert counts of every site] as one vector. */
function packStepValues(loss: tf.Scalar, perTask: tf.Tensor1D, out: SuperMoEOutput): tf.Tensor1D {
  const floats = [tf.stack([loss, out.balanceLoss, out.zLoss]), perTask];
  if (out.routing.length === 0) return tf.concat(floats) as tf.Tensor1D;
  const counts = tf.cast(tf.concat(out.routing.map((r) => r.counts)), 'float32');
  return tf.concat([...floats, counts]) as tf.Tensor1D;
}
