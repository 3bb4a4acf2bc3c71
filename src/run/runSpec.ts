// The run description: everything that decides a run (data source, column mapping, model,
// training, seed). A share link is this object written into the URL hash; opening the link
// decodes it field by field, so one bad field falls back to its default without losing the
// rest. Every other module reads a RunSpec; nothing else decides what a run is.
import { z } from 'zod';
import type { ColumnRole } from '../data/dataset';

export const RUN_SPEC_VERSION = 1;

export type ModelType = 'supermoe' | 'dense' | 'mmoe' | 'ple';
export type RoutingMode = 'capacity' | 'dropless';
export type KernelChoice = 'auto' | 'reference';
/** Where fine-tuning starts (spec §3.2): fresh weights, this run's MCP pre-training, or a saved encoder. */
export type FinetuneFrom = 'scratch' | 'pretrain' | 'saved';
/** The pre-trained encoder while fine-tuning: frozen, trained at the learning rate, or at a scaled-down one. */
export type EncoderMode = 'frozen' | 'finetune' | 'lowerLr';
/** Task weights λ: fixed (train.lambda), or tuned for validation AUC (spec §3.3 bi-level). */
export type LambdaMode = 'fixed' | 'bilevel';
export const MODEL_TYPES: readonly ModelType[] = ['supermoe', 'dense', 'mmoe', 'ple'];

/** How a dense column is normalised; 'auto' picks log1p for heavy-tailed non-negative columns. */
export type DenseNorm = 'auto' | 'standardise' | 'log1p' | 'none';
export type TimeFormatChoice = 'iso' | 'mdy' | 'dmy' | 'epoch_s' | 'epoch_ms';

export interface ColumnMapping {
  name: string;
  role: ColumnRole;
  /** Dense columns: the normalisation (absent = auto). */
  norm?: DenseNorm;
  /** Time columns: how cells read (absent = detected from the file). */
  timeFormat?: TimeFormatChoice;
  /** Per-user sequence files: the column holds a list of events split on this string. */
  list?: string;
}

export type FileFormat = 'auto' | 'events' | 'sequences';
export type DelimiterChoice = 'auto' | ',' | '\t' | ';' | '|' | ' ';
export type HeaderChoice = 'auto' | 'yes' | 'no';
export type TextEncoding = 'utf-8' | 'latin1';

/** One task of the label builder, computed from the events in the label window. */
export interface LabelTask {
  name: string;
  /** any: some event in the window; sum: Σ column ≥ threshold; match: some event whose column equals (one of, comma-separated) / contains value. */
  kind: 'any' | 'sum' | 'match';
  column?: string;
  threshold?: number;
  op?: 'equals' | 'contains';
  value?: string;
}

/** Labels built from the log: inputs are the events before the cutoff, labels come from the window after it. */
export interface LabelBuilder {
  /** ISO date/time of the cutoff; '' = the end of the log minus the window. */
  cutoff: string;
  /** Window length after the cutoff, in days (logs with a time column). */
  windowDays: number;
  /** Without a time column: the last k events of each user are the window. */
  windowEvents: number;
  tasks: LabelTask[];
}

export interface FileIdentity {
  name: string;
  size: number;
  sha256: string;
}

export interface RunSpec {
  version: number;
  seed: number;
  data: {
    source: 'demo' | 'file';
    /** Users the demo generator draws (demo source only). */
    demoUsers: number;
    /** N: the most recent events kept per user. */
    seqLen: number;
    /** Share of users held out for validation (80/20 by default, split by user). */
    valFraction: number;
    /** Set for a dropped local file: who opens the link is asked for the same file. */
    file: FileIdentity | null;
    /** Column roles for a file; empty means "infer from the file". */
    columns: ColumnMapping[];
    /** One row per event, or one row per user holding lists ('auto': detected). */
    format: FileFormat;
    delimiter: DelimiterChoice;
    header: HeaderChoice;
    encoding: TextEncoding;
    /** Users with fewer events (before the label cutoff) are left out. */
    minEvents: number;
    /** Most frequent values kept in an ID channel's vocabulary; the rest share hashed OOV buckets. */
    idVocabCap: number;
    /** An ID table with more rows is stored and looked up as several shards (spec §2.1 split). */
    idShardRows: number;
    labelBuilder: LabelBuilder;
  };
  model: {
    type: ModelType;
    dModel: number;
    numBlocks: number;
    numHeads: number;
    numExperts: number;
    ffnHidden: number;
    routing: RoutingMode;
    capacityFactor: number;
    /** α of the Switch load-balancing loss α·E·Σ f_e·P_e. */
    balanceLossWeight: number;
    /** Weight of the router z-loss mean(logsumexp(logits)²); 0 turns it off. */
    zLossWeight: number;
    /** 'auto' runs the WGSL kernels on WebGPU; 'reference' forces the tfjs-ops routing. */
    kernels: KernelChoice;
  };
  train: {
    steps: number;
    batchSize: number;
    learningRate: number;
    evalEvery: number;
    /** Fixed task weights λ_k; empty means 1 for every task. In bilevel mode, the starting λ. */
    lambda: number[];
    lambdaMode: LambdaMode;
    /** R: the bi-level λ update runs every R steps. */
    lambdaEvery: number;
    /** β of λ_k ← λ_k + β·η·⟨g_val, g_k⟩. */
    lambdaLr: number;
    /** Share of the training users held out to tune λ (bilevel only): λ never sees the users whose AUC is reported. */
    lambdaHoldout: number;
  };
  /** Masked channel prediction (spec §3.1), run before fine-tuning when finetune.from = 'pretrain'. */
  pretrain: {
    steps: number;
    /** Names of the channels masked and predicted; empty = every input channel. */
    channels: string[];
    /** Share of each chosen channel's real events replaced by its [MASK]. */
    maskRate: number;
    /** Classes of a channel's MCP softmax: its most frequent values, the rest one "rarer value" class. */
    vocabCap: number;
  };
  finetune: {
    from: FinetuneFrom;
    encoder: EncoderMode;
    /** Encoder learning rate = learningRate × this (encoder = 'lowerLr'). */
    encoderLrScale: number;
    /** Name of the saved encoder to start from (from = 'saved'). */
    saved: string;
  };
  /** Several model types trained one after another on the same split and seed (spec §4); empty = one run. */
  compare: {
    models: ModelType[];
    /** Also train each task alone (the first model type): the seesaw made visible. */
    alone: boolean;
  };
}

export type Preset = 'gpu' | 'software';

/** Defaults for a real GPU; the software preset (SwiftShader: ~0.25 s a step, 300 steps in ~1.5 min) still learns the demo to near its oracle AUC. */
export function defaultSpec(preset: Preset = 'gpu'): RunSpec {
  const light = preset === 'software';
  return {
    version: RUN_SPEC_VERSION,
    seed: 7,
    data: {
      source: 'demo',
      demoUsers: light ? 12000 : 20000,
      seqLen: light ? 16 : 32,
      valFraction: 0.2,
      file: null,
      columns: [],
      format: 'auto',
      delimiter: 'auto',
      header: 'auto',
      encoding: 'utf-8',
      minEvents: 1,
      idVocabCap: 50_000,
      idShardRows: 65_536,
      labelBuilder: { cutoff: '', windowDays: 30, windowEvents: 1, tasks: [] },
    },
    model: {
      type: 'supermoe',
      dModel: light ? 32 : 64,
      numBlocks: light ? 1 : 2,
      numHeads: light ? 2 : 4,
      numExperts: light ? 4 : 8,
      ffnHidden: light ? 64 : 256,
      // Dropless: dropped tokens slowed learning markedly on the demo, and the WGSL kernels
      // size expert segments on the GPU, so dropless costs no readback on WebGPU.
      routing: 'dropless',
      capacityFactor: 1.25,
      balanceLossWeight: 0.01,
      zLossWeight: 0.001,
      kernels: 'auto',
    },
    train: {
      steps: light ? 300 : 3000,
      batchSize: light ? 64 : 128,
      learningRate: light ? 1e-2 : 5e-3,
      evalEvery: 50,
      lambda: [],
      lambdaMode: 'fixed',
      lambdaEvery: 10,
      lambdaLr: 100,
      lambdaHoldout: 0.1,
    },
    pretrain: { steps: light ? 300 : 3000, channels: [], maskRate: 0.15, vocabCap: 1000 },
    finetune: { from: 'scratch', encoder: 'finetune', encoderLrScale: 0.1, saved: '' },
    compare: { models: [], alone: false },
  };
}

// ---- the field table: one row per leaf, with its URL key, schema and accessors ----

interface Field {
  key: string;
  schema: z.ZodType;
  get(spec: RunSpec): unknown;
  set(spec: RunSpec, value: unknown): void;
  /** Fields holding lists or objects travel as JSON in the URL. */
  json?: boolean;
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);

const columnRole = z.enum(['user', 'time', 'category', 'id', 'dense', 'label', 'ignore']);
const columnsSchema = z
  .array(
    z.object({
      name: z.string().min(1).max(200),
      role: columnRole,
      norm: z.enum(['auto', 'standardise', 'log1p', 'none']).optional(),
      timeFormat: z.enum(['iso', 'mdy', 'dmy', 'epoch_s', 'epoch_ms']).optional(),
      list: z.string().min(1).max(4).optional(),
    }),
  )
  .max(2000);
const labelTaskSchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.enum(['any', 'sum', 'match']),
  column: z.string().min(1).max(200).optional(),
  threshold: z.number().finite().optional(),
  op: z.enum(['equals', 'contains']).optional(),
  value: z.string().max(2000).optional(),
});
const labelBuilderSchema = z.object({
  cutoff: z.string().max(40).refine((s) => s === '' || Number.isFinite(Date.parse(s)), 'expected an ISO date or empty'),
  windowDays: z.number().min(0.001).max(36_500),
  windowEvents: z.number().int().min(1).max(1000),
  tasks: z.array(labelTaskSchema).max(32),
});
const fileSchema = z
  .object({
    name: z.string().min(1).max(500),
    size: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  })
  .nullable();

function field<S extends z.ZodType>(
  key: string,
  schema: S,
  get: (s: RunSpec) => z.infer<S>,
  set: (s: RunSpec, v: z.infer<S>) => void,
  json = false,
): Field {
  return { key, schema, get, set: set as (s: RunSpec, v: unknown) => void, json };
}

export const FIELDS: readonly Field[] = [
  field('seed', int(0, 2 ** 31 - 1), (s) => s.seed, (s, v) => (s.seed = v)),
  field('data.source', z.enum(['demo', 'file']), (s) => s.data.source, (s, v) => (s.data.source = v)),
  field('data.demoUsers', int(200, 200_000), (s) => s.data.demoUsers, (s, v) => (s.data.demoUsers = v)),
  field('data.seqLen', int(2, 1024), (s) => s.data.seqLen, (s, v) => (s.data.seqLen = v)),
  field('data.valFraction', num(0.05, 0.5), (s) => s.data.valFraction, (s, v) => (s.data.valFraction = v)),
  field('data.file', fileSchema, (s) => s.data.file, (s, v) => (s.data.file = v), true),
  field('data.columns', columnsSchema, (s) => s.data.columns, (s, v) => (s.data.columns = v), true),
  field('data.format', z.enum(['auto', 'events', 'sequences']), (s) => s.data.format, (s, v) => (s.data.format = v)),
  field('data.delimiter', z.enum(['auto', ',', '\t', ';', '|', ' ']), (s) => s.data.delimiter, (s, v) => (s.data.delimiter = v)),
  field('data.header', z.enum(['auto', 'yes', 'no']), (s) => s.data.header, (s, v) => (s.data.header = v)),
  field('data.encoding', z.enum(['utf-8', 'latin1']), (s) => s.data.encoding, (s, v) => (s.data.encoding = v)),
  field('data.minEvents', int(1, 1000), (s) => s.data.minEvents, (s, v) => (s.data.minEvents = v)),
  field('data.idVocabCap', int(100, 5_000_000), (s) => s.data.idVocabCap, (s, v) => (s.data.idVocabCap = v)),
  field('data.idShardRows', int(4, 16_777_216), (s) => s.data.idShardRows, (s, v) => (s.data.idShardRows = v)),
  field('data.labelBuilder', labelBuilderSchema, (s) => s.data.labelBuilder, (s, v) => (s.data.labelBuilder = v), true),
  field('model.type', z.enum(['supermoe', 'dense', 'mmoe', 'ple']), (s) => s.model.type, (s, v) => (s.model.type = v)),
  field('model.dModel', int(4, 1024), (s) => s.model.dModel, (s, v) => (s.model.dModel = v)),
  field('model.numBlocks', int(1, 24), (s) => s.model.numBlocks, (s, v) => (s.model.numBlocks = v)),
  field('model.numHeads', int(1, 64), (s) => s.model.numHeads, (s, v) => (s.model.numHeads = v)),
  field('model.numExperts', int(1, 256), (s) => s.model.numExperts, (s, v) => (s.model.numExperts = v)),
  field('model.ffnHidden', int(4, 8192), (s) => s.model.ffnHidden, (s, v) => (s.model.ffnHidden = v)),
  field('model.routing', z.enum(['capacity', 'dropless']), (s) => s.model.routing, (s, v) => (s.model.routing = v)),
  field('model.capacityFactor', num(0.1, 16), (s) => s.model.capacityFactor, (s, v) => (s.model.capacityFactor = v)),
  field('model.balanceLossWeight', num(0, 10), (s) => s.model.balanceLossWeight, (s, v) => (s.model.balanceLossWeight = v)),
  field('model.zLossWeight', num(0, 10), (s) => s.model.zLossWeight, (s, v) => (s.model.zLossWeight = v)),
  field('model.kernels', z.enum(['auto', 'reference']), (s) => s.model.kernels, (s, v) => (s.model.kernels = v)),
  field('train.steps', int(1, 1_000_000), (s) => s.train.steps, (s, v) => (s.train.steps = v)),
  field('train.batchSize', int(1, 8192), (s) => s.train.batchSize, (s, v) => (s.train.batchSize = v)),
  field('train.learningRate', num(1e-6, 1), (s) => s.train.learningRate, (s, v) => (s.train.learningRate = v)),
  field('train.evalEvery', int(1, 100_000), (s) => s.train.evalEvery, (s, v) => (s.train.evalEvery = v)),
  field('train.lambda', z.array(z.number().min(0).max(1000)).max(64), (s) => s.train.lambda, (s, v) => (s.train.lambda = v), true),
  field('train.lambdaMode', z.enum(['fixed', 'bilevel']), (s) => s.train.lambdaMode, (s, v) => (s.train.lambdaMode = v)),
  field('train.lambdaEvery', int(1, 100_000), (s) => s.train.lambdaEvery, (s, v) => (s.train.lambdaEvery = v)),
  field('train.lambdaLr', num(0, 1e9), (s) => s.train.lambdaLr, (s, v) => (s.train.lambdaLr = v)),
  field('train.lambdaHoldout', num(0.01, 0.5), (s) => s.train.lambdaHoldout, (s, v) => (s.train.lambdaHoldout = v)),
  field('pretrain.steps', int(1, 1_000_000), (s) => s.pretrain.steps, (s, v) => (s.pretrain.steps = v)),
  field('pretrain.channels', z.array(z.string().min(1).max(200)).max(2000), (s) => s.pretrain.channels, (s, v) => (s.pretrain.channels = v), true),
  field('pretrain.maskRate', num(0.01, 0.9), (s) => s.pretrain.maskRate, (s, v) => (s.pretrain.maskRate = v)),
  field('pretrain.vocabCap', int(8, 1_000_000), (s) => s.pretrain.vocabCap, (s, v) => (s.pretrain.vocabCap = v)),
  field('finetune.from', z.enum(['scratch', 'pretrain', 'saved']), (s) => s.finetune.from, (s, v) => (s.finetune.from = v)),
  field('finetune.encoder', z.enum(['frozen', 'finetune', 'lowerLr']), (s) => s.finetune.encoder, (s, v) => (s.finetune.encoder = v)),
  field('finetune.encoderLrScale', num(1e-4, 1), (s) => s.finetune.encoderLrScale, (s, v) => (s.finetune.encoderLrScale = v)),
  field('finetune.saved', z.string().max(200), (s) => s.finetune.saved, (s, v) => (s.finetune.saved = v)),
  field('compare.models', z.array(z.enum(['supermoe', 'dense', 'mmoe', 'ple'])).max(4), (s) => s.compare.models, (s, v) => (s.compare.models = v), true),
  field('compare.alone', z.enum(['true', 'false']).or(z.boolean()).transform((v) => v === true || v === 'true'), (s) => s.compare.alone, (s, v) => (s.compare.alone = v)),
];

export interface Rejection {
  field: string;
  value: string;
  reason: string;
}

export interface DecodeResult {
  spec: RunSpec;
  rejected: Rejection[];
  /** Keys present in the input that no field knows (ignored, but reported). */
  unknown: string[];
}

function clone(spec: RunSpec): RunSpec {
  return structuredClone(spec);
}

function show(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** Reads each known field from flat key → value pairs; a value that fails keeps the default. */
function decodeFlat(values: Map<string, unknown>, defaults: RunSpec): DecodeResult {
  const spec = clone(defaults);
  const rejected: Rejection[] = [];
  for (const f of FIELDS) {
    if (!values.has(f.key)) continue;
    let raw = values.get(f.key);
    if (f.json && typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch {
        rejected.push({ field: f.key, value: show(raw), reason: 'not valid JSON' });
        continue;
      }
    }
    const parsed = f.schema.safeParse(raw);
    if (parsed.success) f.set(spec, parsed.data);
    else rejected.push({ field: f.key, value: show(raw), reason: parsed.error.issues[0]?.message ?? 'invalid' });
  }
  rejected.push(...enforceConsistency(spec, defaults));
  const known = new Set([...FIELDS.map((f) => f.key), 'v']);
  const unknown = [...values.keys()].filter((k) => !known.has(k));
  return { spec, rejected, unknown };
}

/** Rules across fields; a field that breaks one is put back to its default. */
function enforceConsistency(spec: RunSpec, defaults: RunSpec): Rejection[] {
  const out: Rejection[] = [];
  const reset = (key: string, reason: string) => {
    const f = FIELDS.find((x) => x.key === key)!;
    out.push({ field: key, value: show(f.get(spec)), reason });
    f.set(spec, structuredClone(f.get(defaults)));
  };
  if (spec.model.dModel % spec.model.numHeads !== 0) {
    reset('model.numHeads', `must divide model.dModel (${spec.model.dModel})`);
    if (spec.model.dModel % spec.model.numHeads !== 0) reset('model.dModel', 'must be a multiple of model.numHeads');
  }
  if (spec.data.source === 'file' && spec.data.file === null) {
    reset('data.source', 'a file run needs data.file (name, size, sha256)');
  }
  if (new Set(spec.compare.models).size !== spec.compare.models.length) reset('compare.models', 'lists a model type twice');
  const compare = spec.compare.models.length > 0;
  if (spec.finetune.from === 'pretrain' && !compare && !hasSequenceEncoder(spec.model.type)) {
    reset('finetune.from', `${spec.model.type} has no sequence encoder to pre-train (MCP needs supermoe or dense)`);
  }
  if (spec.finetune.from === 'saved' && compare) reset('finetune.from', 'a compare run cannot start every model type from one saved encoder');
  return out;
}

/** The URL hash of a run: every field, so the link means the same run on any machine. */
export function encodeHash(spec: RunSpec): string {
  const params = new URLSearchParams();
  params.set('v', String(RUN_SPEC_VERSION));
  for (const f of FIELDS) {
    const v = f.get(spec);
    params.set(f.key, f.json ? JSON.stringify(v) : String(v));
  }
  return `#${params.toString()}`;
}

export function decodeHash(hash: string, defaults: RunSpec = defaultSpec()): DecodeResult {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const values = new Map<string, unknown>();
  params.forEach((v, k) => values.set(k, v));
  const result = decodeFlat(values, defaults);
  const v = params.get('v');
  if (v !== null && v !== String(RUN_SPEC_VERSION)) {
    result.rejected.unshift({ field: 'v', value: v, reason: `links of version ${v} are not known; read as version ${RUN_SPEC_VERSION}` });
  }
  return result;
}

/** True when a hash holds any run field (an empty hash means "no link opened"). */
export function hashHasRun(hash: string): boolean {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return FIELDS.some((f) => params.has(f.key));
}

/** The downloadable run spec: the nested object, pretty-printed. */
export function toJson(spec: RunSpec): string {
  return JSON.stringify(spec, null, 2);
}

function flatten(obj: unknown, prefix: string, out: Map<string, unknown>, leafKeys: Set<string>): void {
  if (leafKeys.has(prefix) || obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    out.set(prefix, obj);
    return;
  }
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    flatten(v, prefix ? `${prefix}.${k}` : k, out, leafKeys);
  }
}

/** Reads a run-spec JSON file with the same per-field checks as a link. */
export function fromJson(text: string, defaults: RunSpec = defaultSpec()): DecodeResult {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { spec: clone(defaults), rejected: [{ field: '(file)', value: show(text), reason: `not JSON: ${(e as Error).message}` }], unknown: [] };
  }
  const values = new Map<string, unknown>();
  flatten(obj, '', values, new Set(FIELDS.filter((f) => f.json).map((f) => f.key)));
  values.delete('version');
  const result = decodeFlat(values, defaults);
  const version = (obj as { version?: unknown } | null)?.version;
  if (version !== undefined && version !== RUN_SPEC_VERSION) {
    result.rejected.unshift({ field: 'version', value: show(version), reason: `unknown version; read as ${RUN_SPEC_VERSION}` });
  }
  return result;
}

/** Accepts a share link, a bare hash or run-spec JSON text. */
export function decodeAny(input: string, defaults: RunSpec = defaultSpec()): DecodeResult {
  const t = input.trim();
  if (t.startsWith('{')) return fromJson(t, defaults);
  const i = t.indexOf('#');
  return decodeHash(i >= 0 ? t.slice(i) : t, defaults);
}

/** MMoE and PLE pool the MFP output at once: no per-event encoder for MCP to pre-train. */
export function hasSequenceEncoder(type: ModelType): boolean {
  return type === 'supermoe' || type === 'dense';
}

/** Task weights λ for K tasks: the user's values, or 1 each. */
export function taskWeights(spec: RunSpec, numTasks: number): number[] {
  const l = spec.train.lambda;
  return l.length === numTasks ? l : Array.from({ length: numTasks }, () => 1);
}

/** `spec` with one field changed, checked like a link field; a rejected value leaves `spec` as is. */
export function withField(spec: RunSpec, key: string, value: unknown): { spec: RunSpec; rejected: Rejection[] } {
  const result = decodeFlat(new Map([[key, value]]), spec);
  return result.rejected.length > 0 ? { spec, rejected: result.rejected } : { spec: result.spec, rejected: [] };
}

export function fieldValue(spec: RunSpec, key: string): unknown {
  const f = FIELDS.find((x) => x.key === key);
  if (!f) throw new Error(`unknown run field ${key}`);
  return f.get(spec);
}
