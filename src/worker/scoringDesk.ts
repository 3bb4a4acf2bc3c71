// Using what a run learned (issue 10), inside the worker: export every user's representation
// and scores, save the trained model as one file, load one, and score the users of another
// log of the same shape with it (the run's model, or a loaded one when there is one). One
// export or scoring at a time; cancel() stops it between chunks or while the file is read.
import { buildDataset, inputSettingsOf } from '../data/buildDataset';
import { schemaOf, type Dataset } from '../data/dataset';
import { encodingOf, scoringMapping } from '../data/frozenEncoding';
import { loadStore, sampleFile, timeFormatsOf } from '../data/loadFile';
import { LoadCancelled } from '../data/textSource';
import type { UserModel } from '../model/userModel';
import { modelName } from '../run/modelTypes';
import type { ColumnMapping, RunSpec } from '../run/runSpec';
import { schemaDifferences } from '../train/encoderFile';
import { encodeModelFile, modelFromFile, type ModelInfo } from '../train/modelFile';
import { scoringChunk } from '../train/scoring';
import type { Trainer } from '../train/trainer';
import type { ExportFiles, ExportProgress, ScoredFile, ScoringModel } from './protocol';
import { ExportCancelled, exportUsers, runGroups } from './userExport';

/** The run's trained model and what it was trained on, or null before one exists. */
export interface TrainedRun {
  trainer: Trainer;
  /** The columns of its log and their roles. */
  mapping: ColumnMapping[];
}

type Progress = (p: ExportProgress) => void;

/** The model that scores a file, with what reading a file for it needs. */
interface Scorer {
  model: UserModel;
  /** Runs the scoring with the weights to score with in the model (a run's evaluated ones). */
  withWeights<T>(f: () => Promise<T>): Promise<T>;
  info: Pick<ModelInfo, 'spec' | 'schema' | 'mapping' | 'encoding'>;
  describe: ScoringModel;
}

export class ScoringDesk {
  private loaded: { info: ModelInfo; model: UserModel } | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly trained: () => TrainedRun | null) {}

  /** Every user of the run's dataset through its model: Projector files, users.csv, scores.csv. */
  async exportRun(onProgress?: Progress): Promise<ExportFiles> {
    const { trainer } = this.run();
    const groups = runGroups(trainer.dataset.numUsers, trainer.split);
    // The weights the run's evaluations scored (its weights' average, with averaging).
    return this.guarded((signal) => trainer.withEvaluatedWeights(() => exportUsers(trainer.model, trainer.dataset, groups, { chunk: scoringChunk(trainer.spec.train.batchSize), signal, onProgress })));
  }

  /** The run's model as one file (every weight, the run spec, the mapping, the vocabularies). */
  async saveModel(): Promise<{ name: string; bytes: ArrayBuffer }> {
    const { trainer, mapping } = this.run();
    const spec = trainer.spec;
    const created = new Date().toISOString();
    const name = `supermoe-${spec.model.type}-step${trainer.stepCount}-${created.slice(0, 16).replace(/[:T]/g, '')}`;
    const header = { name, created, spec, schema: schemaOf(trainer.dataset), mapping, encoding: encodingOf(trainer.dataset), dataName: trainer.dataset.name, step: trainer.stepCount };
    return { name, bytes: await trainer.withEvaluatedWeights(() => encodeModelFile(header, trainer.model)) };
  }

  /** Loads a model file: it scores the next files instead of the run's model. */
  async loadModel(file: File): Promise<ScoringModel> {
    const next = modelFromFile(await file.arrayBuffer());
    this.loaded?.model.dispose();
    this.loaded = next;
    return describeFile(next.info, next.model);
  }

  /** Back to the run's own model for scoring. */
  unloadModel(): void {
    this.loaded?.model.dispose();
    this.loaded = null;
  }

  /** The model that would score a file now, or null. */
  scoringModel(): ScoringModel | null {
    if (this.loaded) return describeFile(this.loaded.info, this.loaded.model);
    const run = this.trained();
    return run ? describeRun(run) : null;
  }

  /** Reads `file` with the model's mapping and vocabularies and scores every user in it. */
  async scoreFile(file: File, onProgress?: Progress): Promise<ScoredFile> {
    const scorer = this.scorer();
    return this.guarded(async (signal) => {
      const dataset = await readForModel(file, scorer.info, signal, onProgress);
      const users = Int32Array.from({ length: dataset.numUsers }, (_, u) => u);
      const files = await scorer.withWeights(() => exportUsers(scorer.model, dataset, [{ split: 'scored', users }], { chunk: scoringChunk(scorer.info.spec.train.batchSize), signal, onProgress }));
      return { name: file.name, model: scorer.describe, users: dataset.numUsers, notes: dataset.notes ?? [], labelled: dataset.tasks.map((t) => t.labelled), files };
    });
  }

  cancel(): void {
    this.abort?.abort();
  }

  private run(): TrainedRun {
    const run = this.trained();
    if (!run) throw new Error('No trained model yet: train a run first (a pre-training phase has no task scores to export).');
    return run;
  }

  /** The loaded model, else the run's, with what reading a file for it needs. */
  private scorer(): Scorer {
    if (this.loaded) return { model: this.loaded.model, withWeights: (f) => f(), info: this.loaded.info, describe: describeFile(this.loaded.info, this.loaded.model) };
    const run = this.run();
    const t = run.trainer;
    return { model: t.model, withWeights: (f) => t.withEvaluatedWeights(f), info: { spec: t.spec, schema: schemaOf(t.dataset), mapping: run.mapping, encoding: encodingOf(t.dataset) }, describe: describeRun(run) };
  }

  /** Runs `body` as the one export or scoring in progress; a cancelled read is reported as cancelled. */
  private async guarded<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.abort) throw new Error('An export or scoring is already running: wait for it or cancel it.');
    const abort = new AbortController();
    this.abort = abort;
    try {
      return await body(abort.signal);
    } catch (e) {
      throw e instanceof LoadCancelled ? new ExportCancelled() : e;
    } finally {
      this.abort = null;
    }
  }
}

/** The users of `file` encoded as the model was trained: its mapping, vocabularies, normalisations and N. */
async function readForModel(file: File, info: Pick<ModelInfo, 'spec' | 'schema' | 'mapping' | 'encoding'>, signal: AbortSignal, onProgress?: Progress): Promise<Dataset> {
  const { spec } = info;
  const progress = (p: { bytes: number; totalBytes: number }) => onProgress?.({ phase: 'read', done: p.bytes, total: p.totalBytes });
  const sample = await sampleFile(file, { format: spec.data.format, delimiter: spec.data.delimiter, header: spec.data.header, encoding: spec.data.encoding }, { signal, onProgress: progress });
  const mapping = scoringMapping(sample.table.header, info.mapping);
  const store = await loadStore(file, { layout: sample.layout, mapping, labelBuilder: spec.data.labelBuilder, timeFormats: timeFormatsOf(sample) }, { signal, onProgress: progress });
  const dataset = buildDataset(store, {
    name: file.name,
    seqLen: info.schema.seqLen,
    idShardRows: info.schema.idShardRows,
    labelBuilder: spec.data.labelBuilder,
    ...inputSettingsOf(spec.data),
    frozen: info.encoding,
  });
  const now = schemaOf(dataset);
  const differences = schemaDifferences(info.schema, now, { made: 'trained', here: 'this file' });
  if (now.userFeatures !== info.schema.userFeatures) differences.push(`it reads ${info.schema.userFeatures} user summary inputs, this file gives ${now.userFeatures}`);
  if (differences.length > 0) throw new Error(`This file does not fit the model: ${differences.join('; ')}. Score a log of the same shape as the one the model was trained on.`);
  return dataset;
}

function describe(spec: RunSpec, info: { name: string; dataName: string; step: number; tasks: string[]; mapping: ColumnMapping[]; parameters: number }, source: ScoringModel['source']): ScoringModel {
  return {
    source,
    name: info.name,
    dataName: info.dataName,
    step: info.step,
    modelType: modelName(spec.model.type),
    dModel: spec.model.dModel,
    tasks: info.tasks,
    columns: info.mapping.filter((m) => m.role !== 'ignore').map(({ name, role }) => ({ name, role })),
    parameters: info.parameters,
  };
}

function describeFile(info: ModelInfo, model: UserModel): ScoringModel {
  return describe(info.spec, { ...info, tasks: info.encoding.tasks, parameters: model.params.count() }, 'file');
}

function describeRun({ trainer, mapping }: TrainedRun): ScoringModel {
  const d = trainer.dataset;
  return describe(trainer.spec, { name: 'this run', dataName: d.name, step: trainer.stepCount, tasks: d.tasks.map((t) => t.name), mapping, parameters: trainer.parameterCount }, 'run');
}
