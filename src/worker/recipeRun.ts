// Runs the phases of a run (phases.ts) one step at a time for the worker's play loop:
// MCP pre-training, fine-tuning (from that encoder, a saved one, or scratch) or training,
// for one model type or each of a compare run's, and each task alone. Reports through the
// TrainEvent channel; the encoder at the end of pre-training is kept in memory (for the
// alone runs) and, for a single run, saved in IndexedDB. With early stopping, one holdout of
// training users (the same for every phase) chooses the step each training phase ends with.
import { schemaOf, type Dataset } from '../data/dataset';
import { buildModel, buildSequenceEncoder } from '../model/buildModel';
import type { SuperMoE } from '../model/superMoE';
import type { UserModel } from '../model/userModel';
import { taskWeights, type RunSpec } from '../run/runSpec';
import { scoreBaseline, startTowersAtBaseline, type BaselineScores } from '../train/baseline';
import { earlyStopHoldout } from '../data/holdout';
import { decodeEncoderFile, encodeEncoderFile, encoderWeights, loadEncoderWeights, type EncoderInfo, type EncoderTensor } from '../train/encoderFile';
import { finetuneOptimizer } from '../train/finetune';
import { BilevelWeights, FixedWeights, holdoutSplit, type TaskWeights } from '../train/lambda';
import { McpPretrainer } from '../train/pretrainer';
import { learningRateSchedule } from '../train/schedule';
import type { KeptState } from '../train/checkpoint';
import { NonFiniteStepError } from '../train/guard';
import { memoryUse } from '../train/memory';
import { Trainer, type UserSplit } from '../train/trainer';
import { QuotaError, type EncoderStore } from './encoderStore';
import type { TrainEvent } from './protocol';
import type { CompareTable } from './compareTable';
import { isCompare, phaseLabel, planPhases, type Phase, type PhaseTag } from './phases';

interface Io {
  emit(e: TrainEvent): void;
  encoders: EncoderStore | null;
}

export class RecipeRun {
  /** Steps done over every phase. */
  stepCount = 0;
  /** The current phase's start is still to be scored on the holdout (see scorePendingStart). */
  private startToScore = false;
  readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly tasks: string[];
  private index = 0;
  /** The phase whose trainer (or pre-trainer) is set up; behind `index` between phases. */
  private started = -1;
  private pre: McpPretrainer | null = null;
  private trainer: Trainer | null = null;
  /** The model leaving pre-training, for the fine-tuning phase that follows. */
  private carried: SuperMoE | null = null;
  /** The first model type's pre-trained encoder, for the alone runs. */
  private snapshot: EncoderTensor[] | null = null;
  private stepTimes: number[] = [];
  /** The baseline's logits on the validation users, per task: each evaluation's margin over it (delong.ts). */
  private baselineScores: BaselineScores | null = null;
  private readonly table: CompareTable;
  /** All training users of the run's split (the early-stopping holdout included). */
  private readonly trainUsers: Int32Array;
  /** The run's split, with the early-stopping holdout taken out of the training users. */
  private readonly split: UserSplit;

  private constructor(
    private readonly spec: RunSpec,
    private readonly dataset: Dataset,
    split: UserSplit,
    private readonly io: Io,
  ) {
    this.split = withEarlyStopHoldout(split, spec);
    this.trainUsers = split.train;
    this.tasks = dataset.tasks.map((t) => t.name);
    this.phases = planPhases(spec, this.tasks.length);
    this.totalSteps = this.phases.reduce((a, p) => a + this.stepsOf(p), 0);
    this.table = { tasks: this.tasks, rows: [], alone: null, oracle: [], baseline: null };
  }

  /** The run, its first phase ready (a saved encoder that is missing or does not fit fails here). */
  static async create(spec: RunSpec, dataset: Dataset, split: UserSplit, io: Io): Promise<RecipeRun> {
    const run = new RecipeRun(spec, dataset, split, io);
    try {
      run.reportBaseline();
      await run.start();
    } catch (e) {
      run.dispose();
      throw e;
    }
    return run;
  }

  get parameterCount(): number {
    return (this.pre?.model ?? this.trainer?.model)?.params.count() ?? 0;
  }

  finished(): boolean {
    return this.index >= this.phases.length;
  }

  /** The trainer of the current (or, when finished, the last) phase, for embeddings. */
  get current(): Trainer | null {
    return this.trainer;
  }

  /** One step of the current phase; evaluates on schedule and moves to the next phase at its end. */
  async advance(): Promise<void> {
    if (this.finished()) return;
    if (this.started !== this.index) await this.start();
    const phase = this.tag();
    const every = this.spec.train.evalEvery;
    if (this.pre) {
      const pre = this.pre;
      const metrics = { ...(await this.guarded(() => pre.step())), memory: memoryUse() };
      this.stepCount++;
      this.io.emit({ kind: 'mcpStep', metrics, phase });
      if (metrics.step % every === 0 || this.pre.finished) this.io.emit({ kind: 'mcpEval', metrics: await this.pre.evaluate(), phase });
      if (this.pre.finished) await this.endPretrain(phase);
      return;
    }
    const trainer = this.trainer!;
    await this.scorePendingStart();
    const metrics = { ...(await this.guarded(() => trainer.step())), memory: memoryUse() };
    this.stepCount++;
    this.stepTimes.push(metrics.stepMs);
    this.io.emit({ kind: 'step', metrics, phase });
    const last = metrics.step >= phase.steps;
    if (metrics.step % every === 0 || last) {
      this.io.emit({ kind: 'eval', metrics: await trainer.evaluate(), phase });
      if (this.resumable()) await this.keep(trainer);
    }
    if (last || trainer.stopped) await this.endTraining(phase);
  }

  /** A step (training or MCP); a non-finite one took its phase back to the last good step, and the run's count follows it. */
  private async guarded<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (e instanceof NonFiniteStepError) this.stepCount -= e.fault.step - 1 - e.fault.restoredStep;
      throw e;
    }
  }

  /** A single training run (one phase, fixed λ) can go on in a new worker from the state kept at an evaluation. */
  resumable(): boolean {
    return this.phases.length === 1 && this.phases[0].kind === 'train' && this.spec.train.lambdaMode === 'fixed';
  }

  /** Hands the page the state just evaluated (read back to the CPU), for a restart after a lost device or worker. */
  private async keep(trainer: Trainer): Promise<void> {
    const state = await trainer.exportState();
    if (state) this.io.emit({ kind: 'kept', state });
  }

  /** Goes on from a state kept by a lost worker's run of the same spec (resumable runs only). */
  async resume(state: KeptState): Promise<void> {
    if (!this.resumable() || !this.trainer) throw new Error('Only a single training run can resume from a kept state.');
    await this.scorePendingStart();
    this.trainer.importState(state);
    this.stepCount = state.step;
  }

  dispose(): void {
    this.pre?.model.dispose();
    this.pre?.dispose();
    this.pre = null;
    this.trainer?.dispose();
    this.trainer = null;
    this.carried?.dispose();
    this.carried = null;
  }

  private stepsOf(p: Phase): number {
    return p.kind === 'pretrain' ? this.spec.pretrain.steps : this.spec.train.steps;
  }

  private tag(): PhaseTag {
    const p = this.phases[this.index];
    return { ...p, index: this.index, count: this.phases.length, steps: this.stepsOf(p), label: phaseLabel(p, this.tasks) };
  }

  /**
   * With the regression fixed in the towers, the model before its first step is a candidate of
   * each task's own step (Trainer.scoreStart). It is scored when training starts (or resumes),
   * not when the run is prepared: a forward pass over the holdout is about 1 s of a dropped
   * file's drop-to-ready on SwiftShader, and the weights are the same until the first step.
   */
  private async scorePendingStart(): Promise<void> {
    if (!this.startToScore || !this.trainer) return;
    this.startToScore = false;
    await this.trainer.scoreStart();
  }

  private async start(): Promise<void> {
    const p = this.phases[this.index];
    // The last phase's trainer stays until the next starts (embeddings of a finished run).
    this.trainer?.dispose();
    this.trainer = null;
    this.stepTimes = [];
    const spec: RunSpec = { ...this.spec, model: { ...this.spec.model, type: p.model } };
    const schema = schemaOf(this.dataset);
    this.io.emit({ kind: 'phase', phase: this.tag() });
    if (p.kind === 'pretrain') {
      this.pre = new McpPretrainer(spec, this.dataset, this.split, buildSequenceEncoder(spec.model, schema, spec.seed));
      this.started = this.index;
      return;
    }
    const model: UserModel = this.carried ?? buildModel(spec.model, schema, spec.seed);
    const carried = this.carried !== null;
    this.carried = null;
    try {
      if (p.kind === 'finetune' && !carried) loadEncoderWeights(model, await this.startingEncoder());
      const optimizer = p.kind === 'finetune' ? finetuneOptimizer(model, spec) : undefined;
      const { weights, split } = this.weightsFor(p, model, spec);
      const started = this.startTowers(model, spec, split);
      this.trainer = await Trainer.create(spec, this.dataset, split, { model, optimizer, weights, baselineScores: this.baselineScores });
      this.startToScore = started && spec.model.towerInit === 'cann';
      this.started = this.index;
    } catch (e) {
      model.dispose();
      throw e;
    }
  }

  /**
   * towerInit 'baseline': the towers start at the regression on the users the trainer trains on;
   * 'cann': the same, and they keep its weights on s fixed. Never on the early-stopping holdout:
   * a regression fitted on the holdout's users scores them in-sample, which made the holdout
   * prefer step 0 (the regression alone) over steps where the sequence helped (Online Retail,
   * buys again, seed 13: step 0 kept, 0.011 below the validation's best at step 100).
   */
  private startTowers(model: UserModel, spec: RunSpec, split: UserSplit): boolean {
    const init = spec.model.towerInit;
    if (init === 'random') return false;
    return startTowersAtBaseline(model, this.dataset, split.train, init === 'cann', spec.model.wideFit);
  }

  /** The logistic regression on the user summary inputs (none without them), once per run: it is cheap and needs no holdout. */
  private reportBaseline(): void {
    // Every training user, the early-stopping holdout too: the strongest baseline the split allows.
    const scored = scoreBaseline(this.dataset, this.trainUsers, this.split.val);
    if (!scored) return;
    const { tasks, scores } = scored;
    this.baselineScores = scores;
    this.table.baseline = tasks.map(({ auc, recall }) => ({ auc, recall }));
    this.io.emit({ kind: 'baseline', tasks });
  }

  /** A fine-tuning phase that did not follow its own pre-training: the saved encoder, or the first model type's snapshot. */
  private async startingEncoder(): Promise<EncoderTensor[]> {
    if (this.spec.finetune.from !== 'saved') {
      if (!this.snapshot) throw new Error('No pre-trained encoder in memory for this phase.');
      return this.snapshot;
    }
    const name = this.spec.finetune.saved;
    if (name === '') throw new Error('Choose the saved encoder to fine-tune from (under “Saved encoders”), or upload one.');
    const bytes = this.io.encoders ? await this.io.encoders.load(name) : null;
    if (!bytes) throw new Error(`No saved encoder named “${name}” in this browser: upload its file under Fine-tuning, or pre-train one.`);
    return decodeEncoderFile(bytes).weights;
  }

  /** λ of a phase: one-hot for an alone run, bi-level (on a held-out share of the training users) or fixed. */
  private weightsFor(p: Phase, model: UserModel, spec: RunSpec): { weights?: TaskWeights; split: UserSplit } {
    const K = this.tasks.length;
    if (p.alone !== null) return { weights: new FixedWeights(Array.from({ length: K }, (_, k) => (k === p.alone ? 1 : 0))), split: this.split };
    if (spec.train.lambdaMode !== 'bilevel') return { split: this.split };
    // From the users left after the early-stopping holdout: the two holdouts are disjoint.
    const { train, tune } = holdoutSplit(this.split.train, spec.train.lambdaHoldout, spec.seed);
    const eta = learningRateSchedule(spec.train, spec.train.steps);
    const opts = { every: spec.train.lambdaEvery, beta: spec.train.lambdaLr, eta, batchSize: spec.train.batchSize, seed: spec.seed };
    return { weights: new BilevelWeights(model, this.dataset, train, tune, taskWeights(spec, K), opts), split: { ...this.split, train } };
  }

  private async endPretrain(phase: PhaseTag): Promise<void> {
    const pre = this.pre!;
    this.pre = null;
    const model = pre.model;
    pre.dispose();
    try {
      const weights = await encoderWeights(model);
      this.snapshot ??= weights;
      if (!isCompare(this.spec)) await this.save(phase, weights);
    } finally {
      this.carried = model;
    }
    this.index++;
  }

  /** Stores the pre-trained encoder in IndexedDB; a browser without it still runs (and says so). */
  private async save(phase: PhaseTag, weights: EncoderTensor[]): Promise<void> {
    if (!this.io.encoders) return;
    const head = { created: new Date().toISOString(), model: { ...this.spec.model, type: phase.model }, dataName: this.dataset.name, schema: schemaOf(this.dataset), pretrain: this.spec.pretrain };
    const draft = encodeEncoderFile({ name: '', ...head }, weights);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(draft, 12)));
    const name = `mcp-${phase.model}-${Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    const bytes = encodeEncoderFile({ name, ...head }, weights);
    const info: EncoderInfo = decodeEncoderFile(bytes).info;
    try {
      await this.io.encoders.save(info, bytes);
      this.io.emit({ kind: 'encoder', info });
    } catch (e) {
      if (e instanceof QuotaError) this.io.emit({ kind: 'fault', fault: { kind: 'quota', message: e.message, restart: false } });
      else this.io.emit({ kind: 'error', message: `The pre-trained encoder was not saved: ${(e as Error).message}` });
    }
  }

  /** The phase ends with its chosen step's weights (restored with early stopping): reported, and in the compare table. */
  private async endTraining(phase: PhaseTag): Promise<void> {
    const result = await this.trainer!.finish();
    this.io.emit({ kind: 'chosen', ...result, phase });
    if (isCompare(this.spec)) {
      const ev = result.metrics;
      const tasks = ev.tasks.map((t) => ({ auc: t.auc, recall: t.recall ?? [] }));
      const pretrained = this.spec.finetune.from === 'pretrain' && phase.kind === 'finetune';
      if (phase.alone === null) {
        const times = [...this.stepTimes.slice(1)].sort((a, b) => a - b);
        this.table.rows.push({ model: phase.model, pretrained, tasks, parameters: this.parameterCount, stepMs: times.length > 0 ? times[times.length >> 1] : null });
      } else {
        this.table.alone ??= { model: phase.model, pretrained, tasks: this.tasks.map(() => null) };
        this.table.alone.tasks[phase.alone] = tasks[phase.alone];
      }
      this.table.oracle = ev.tasks.map((t) => t.oracleAuc);
      this.io.emit({ kind: 'compare', table: structuredClone(this.table) });
    }
    this.index++;
  }
}

/** `split` with a share train.earlyStopHoldout of its training users held out to choose the step (none at 0). */
function withEarlyStopHoldout(split: UserSplit, spec: RunSpec): UserSplit {
  const share = spec.train.earlyStopHoldout;
  if (share <= 0 || split.train.length < 2) return split;
  const { train, holdout } = earlyStopHoldout(split.train, share, spec.seed);
  return { ...split, train, holdout };
}
