// One training session inside the worker: the dataset, the run (its phases: recipeRun.ts) and
// the play loop. The page drives it (play / pause / step / reset) and listens to its events.
import * as tf from '@tensorflow/tfjs-core';
import { inputSettingsOf } from '../data/buildDataset';
import { DEMO_MAPPING, demoDataset } from '../data/demo';
import type { ReadSettings } from '../data/loadFile';
import { splitUsers } from '../data/split';
import { schemaOf, shardCount, type Dataset } from '../data/dataset';
import { oversize } from '../model/footprint';
import type { KeptState } from '../train/checkpoint';
import { NonFiniteStepError } from '../train/guard';
import { deviceLimits } from './backend';
import { sizedSpec, suggestRunSize, type RunSizeInput } from '../data/runSize';
import type { Preset, RunSpec } from '../run/runSpec';
import { oracleAuc } from '../train/auc';
import { indexedDbEncoders } from './encoderStore';
import { FileSource } from './fileSource';
import { RecipeRun } from './recipeRun';
import { ScoringDesk, type TrainedRun } from './scoringDesk';
import type { DatasetSummary, Embeddings, FilePreview, PrepareOptions, RunState, SizedFromData, TrainEvent } from './protocol';

export class TrainingSession {
  private readonly file = new FileSource((progress) => this.emit({ kind: 'progress', progress }));
  private run: RecipeRun | null = null;
  private spec: RunSpec | null = null;
  private dataset: Dataset | null = null;
  private split: { train: Int32Array; val: Int32Array } | null = null;
  private running = false;
  /** The GPU device was lost: nothing runs until the page starts a new worker. */
  private lost = false;
  private loop: Promise<void> | null = null;
  private emit: (e: TrainEvent) => void = () => {};
  /** Export, save, load and score with the trained model (issue 10). */
  readonly desk = new ScoringDesk(() => this.trainedRun());

  subscribe(listener: (e: TrainEvent) => void): void {
    this.emit = listener;
  }

  /** Streams a sample of a dropped file and infers its shape and column roles; the previous dataset stays until this succeeds. */
  openFile(file: File, settings: ReadSettings): Promise<FilePreview> {
    return this.file.open(file, settings);
  }

  /**
   * Reads every row of the dropped file as `spec` maps it, without building a dataset or
   * touching the run: a file run with no task yet still learns the log's time span (to choose a
   * label cutoff), and its events are ready when a task is added.
   */
  async readEvents(spec: RunSpec): Promise<void> {
    await this.file.events(spec);
  }

  /** Stops the file read in progress (sample, hash or full pass). */
  cancelLoad(): void {
    this.file.cancel();
  }

  /** Builds the dataset and a fresh model for `spec`; stops and replaces any current run. */
  async prepare(requested: RunSpec, opts: PrepareOptions = {}): Promise<DatasetSummary> {
    await this.stop();
    // A dropped file's size follows from its events per user and training users: the build asks
    // for N once it has counted them, so that it lays the sequences out once, at the sized N.
    const preset = requested.data.source === 'file' ? opts.sizeFor : undefined;
    const dataset = await this.buildDataset(requested, preset ? (data) => suggestRunSize(data, preset).seqLen : undefined);
    // Sizing never changes the split (its share and seed): the split the build fitted on.
    const split = splitUsers(dataset.numUsers, requested.data.valFraction, requested.seed);
    const sized = preset ? sizeFromData(dataset, split.train.length, preset) : null;
    const spec = sized ? sizedSpec(requested, sized) : requested;
    this.refuseOversize(spec, dataset);
    const run = await RecipeRun.create(spec, dataset, split, { emit: (e) => this.emit(e), encoders: indexedDbEncoders });
    this.disposeTrainer();
    this.run = run;
    this.spec = spec;
    this.dataset = dataset;
    this.split = split;
    this.setState('ready');
    const summary = summarise(dataset, split, run.parameterCount);
    if (sized) summary.notes = [...summary.notes, sizedNote(sized, spec.train.batchSize)];
    return { ...summary, sizedFromData: sized };
  }

  /** A model whose largest buffer exceeds the device's limits is refused before any of it is allocated, with the numbers. */
  private refuseOversize(spec: RunSpec, dataset: Dataset): void {
    const limits = deviceLimits();
    const why = limits ? oversize(spec, schemaOf(dataset), limits) : null;
    if (!why) return;
    this.emit({ kind: 'fault', fault: { kind: 'oversize', message: why, restart: false } });
    throw new Error(why);
  }

  /** The GPU device is gone (driver reset, GPU taken, device.destroy()): training stops; only a new worker can go on. */
  deviceLost(reason: string): void {
    if (this.lost) return;
    this.lost = true;
    this.running = false;
    const kept = this.run?.resumable() ? ' from the state kept at the last evaluation' : ' (this kind of run starts again from step 0)';
    const message =
      `The GPU device was lost (${reason}), so training stopped. The charts so far are kept. ` +
      `Press “Restart worker” to start a new one on a fresh device and go on${kept}; if it happens again, close other GPU-heavy tabs or apps, or choose a smaller model.`;
    this.emit({ kind: 'fault', fault: { kind: 'deviceLost', message, restart: true } });
    this.emit({ kind: 'state', state: 'paused', step: this.run?.stepCount ?? 0 });
  }

  /** A fault drill: NaN written into the tower bias of the first task, so the next step's loss is not finite. */
  async poison(): Promise<void> {
    const trainer = this.run?.current;
    const bias = trainer?.model.params.entries().find(([name]) => name === 'towers.b')?.[1];
    if (!trainer || !bias) return;
    await trainer.withTrainedWeights(async () => tf.tidy(() => bias.assign(tf.fill(bias.shape, NaN))));
  }

  /** Goes on from a state a lost worker kept (the page hands it back after a restart). */
  async resume(state: KeptState): Promise<number> {
    if (!this.run) throw new Error('Nothing to resume: prepare the run first.');
    await this.stop();
    await this.run.resume(state);
    this.setState('paused');
    return this.run.stepCount;
  }

  play(): void {
    if (this.lost || !this.run || this.running || this.finished()) return;
    this.running = true;
    this.setState('running');
    this.loop = this.runLoop();
  }

  async pause(): Promise<void> {
    await this.stop();
    if (this.run) this.setState(this.finished() ? 'done' : 'paused');
  }

  async stepOnce(): Promise<void> {
    if (this.lost || !this.run || this.running || this.finished()) return;
    try {
      await this.advance();
    } catch (e) {
      await this.reportFailure(e);
    }
    this.setState(this.finished() ? 'done' : 'paused');
  }

  /** The same run from step 0: same seed, same data, fresh weights. */
  async reset(): Promise<DatasetSummary | null> {
    if (!this.spec) return null;
    // The spec prepared last already holds any size set from the data.
    return this.prepare(this.spec);
  }

  private async buildDataset(spec: RunSpec, seqLenFor?: (data: RunSizeInput) => number): Promise<Dataset> {
    if (spec.data.source === 'demo') {
      return demoDataset({ users: spec.data.demoUsers, seqLen: spec.data.seqLen, seed: spec.seed, inputs: inputSettingsOf(spec.data) });
    }
    const unseenHoldout = spec.data.holdoutUnseen ? spec.train.earlyStopHoldout : 0;
    return this.file.dataset(spec, { valFraction: spec.data.valFraction, seed: spec.seed, unseenHoldout }, seqLenFor);
  }

  private finished(): boolean {
    return !!this.run && this.run.finished();
  }

  private async runLoop(): Promise<void> {
    try {
      while (this.running && !this.finished()) await this.advance();
      if (this.running) this.setState('done');
    } catch (e) {
      await this.reportFailure(e);
      if (!this.lost) this.setState('paused');
    } finally {
      this.running = false;
    }
  }

  /** A step that failed: a non-finite value (the trainer is back at its last good step), a lost device (reported by deviceLost), or an error. */
  private async reportFailure(e: unknown): Promise<void> {
    if (e instanceof NonFiniteStepError) {
      const { step, restoredStep, term, message } = e.fault;
      this.emit({ kind: 'fault', fault: { kind: 'nonFinite', message, restart: false, step, restoredStep, term } });
      return;
    }
    // A lost device fails the step's readback before device.lost settles: give it a moment, and say that, not the readback's error.
    await new Promise((r) => setTimeout(r, 250));
    if (!this.lost) this.emit({ kind: 'error', message: (e as Error).message });
  }

  /** One optimiser step of the current phase, and an evaluation every evalEvery steps and at its end. */
  private async advance(): Promise<void> {
    await this.run!.advance();
  }

  private async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = null;
  }

  private setState(state: RunState): void {
    this.emit({ kind: 'state', state, step: this.run?.stepCount ?? 0 });
  }

  private disposeTrainer(): void {
    this.run?.dispose();
    this.run = null;
  }

  /** The trained model of the current phase with its log's column mapping, or null (no run, or pre-training). */
  private trainedRun(): TrainedRun | null {
    const trainer = this.run?.current;
    if (!trainer || !this.spec) return null;
    return { trainer, mapping: this.spec.data.source === 'demo' ? DEMO_MAPPING : this.file.mapping(this.spec) };
  }

  /** User representations H of (up to `max`) validation users, with their labels. */
  async embedValidation(max: number): Promise<Embeddings> {
    const trainer = this.run?.current;
    if (!trainer || !this.dataset || !this.split) throw new Error('No trained model yet: load data first (a pre-training phase has no user representation to show).');
    const users = this.split.val.slice(0, max);
    const h = await trainer.embed(users);
    const d = this.dataset;
    const K = d.tasks.length;
    const pick = (a: Float32Array) => Float32Array.from({ length: users.length * K }, (_, i) => a[users[Math.floor(i / K)] * K + (i % K)]);
    return { h, dim: h.length / Math.max(1, users.length), users: users.length, labels: pick(d.labels), labelMask: pick(d.labelMask), step: trainer.stepCount };
  }
}

/** N and steps for a dropped file from its events per user and training users (README §Model 3.5). */
function sizeFromData(d: Dataset, trainUsers: number, preset: Preset): SizedFromData | null {
  if (!d.eventsPerUser) return null;
  const size = suggestRunSize({ eventsPerUser: d.eventsPerUser, trainUsers }, preset);
  return { ...size, p90: d.eventsPerUser.p90, trainUsers };
}

function sizedNote(s: SizedFromData, batchSize: number): string {
  const passes = Math.round((s.steps * batchSize) / Math.max(1, s.trainUsers));
  return `N = ${s.seqLen} and ${s.steps} steps follow from this file: 90 % of users have at most ${s.p90} events, and ${s.steps} steps of ${batchSize} are about ${passes} passes over its ${s.trainUsers} training users, evaluated every ${s.evalEvery}, with dropout ${s.dropout} and learning rate ${s.learningRate}${s.towerInit === 'cann' ? ', the towers keeping the baseline fixed' : ''}${s.wideIds ? ' and weighing the values of its events' : ''}${s.patience > 0 ? `, stopping after ${s.patience} evaluations without a better holdout score` : ''}${s.dropout > 0 ? ' (a small log overfits soon)' : ''} (set any of them to keep your own).`;
}

function summarise(d: Dataset, split: { train: Int32Array; val: Int32Array }, parameters: number): Omit<DatasetSummary, 'sizedFromData'> {
  let total = 0;
  for (let u = 0; u < d.numUsers; u++) total += d.length[u];
  return {
    name: d.name,
    users: d.numUsers,
    trainUsers: split.train.length,
    valUsers: split.val.length,
    seqLen: d.seqLen,
    meanLength: total / Math.max(1, d.numUsers),
    discrete: d.discrete.map(({ name, kind, vocabSize, oovBuckets }) => ({ name, kind, vocabSize, oovBuckets: oovBuckets ?? 0, shards: shardCount(kind, vocabSize, d.idShardRows) })),
    dense: d.dense.map((c) => c.name),
    notes: d.notes ?? [],
    tasks: d.tasks.map((t, k) => ({ ...t, oracleAuc: oracleAuc(d, split.val, k) })),
    parameters,
    predictionTime: d.predictionTime !== undefined ? new Date(d.predictionTime).toISOString() : null,
    eventAge: d.ageBucket !== undefined,
    userFeatures: d.userFeatureNames ?? [],
    eventsPerUser: d.eventsPerUser ?? null,
  };
}
