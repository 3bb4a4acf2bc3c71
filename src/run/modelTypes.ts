// The model part of the run: its settings, and the model types a run can train, one registry
// entry each (README §Model 4). An entry says the type's name, whether it has a sequence
// encoder (what MCP pre-trains) and which settings it reads; src/model/buildModel.ts maps each
// key to its builder. Adding a model type is one entry here plus its builder.
import { z } from './zod';
import { flag, int, num } from './numbers';

/** Every model setting but the type. */
const modelSettingsShape = {
  dModel: int(4, 1024),
  numBlocks: int(1, 24),
  numHeads: int(1, 64),
  numExperts: int(1, 256),
  ffnHidden: int(4, 8192),
  routing: z.enum(['capacity', 'dropless']),
  capacityFactor: num(0.1, 16),
  /** α of the Switch load-balancing loss α·E·Σ f_e·P_e. */
  balanceLossWeight: num(0, 10),
  /** Weight of the router z-loss mean(logsumexp(logits)²); 0 turns it off. */
  zLossWeight: num(0, 10),
  /** 'auto' runs the WGSL kernels on WebGPU; 'reference' forces the tfjs-ops routing. */
  kernels: z.enum(['auto', 'reference']),
  /** Dropout rate on the user representation H and the MFP output while training. */
  dropout: num(0, 0.9),
  /** The towers' weights on the user summary start at the baseline's logistic regression (and those on H at 0), or at random. */
  towerInit: z.enum(['baseline', 'random', 'cann']),
  /** Width of the towers' ReLU layer on the user summary inputs (0: the towers read them linearly only). */
  summaryHidden: int(0, 1024),
  /** The towers also add a weight per value of each discrete channel, summed over the user's events (wideIds.ts). */
  wideIds: flag(),
  /** With towerInit 'cann', the value weights are fitted once as a regression beside the summary's and kept fixed (wideFit.ts); else trained from 0. */
  wideFit: flag(),
  /** How the value weights add up over the user's events: once per value of the vocabulary the user holds ('presence'), or once per event, OOV buckets included ('count', version 7). */
  wideBag: z.enum(['presence', 'count']),
};
export type ModelSettingKey = keyof typeof modelSettingsShape;

export interface ModelTypeInfo {
  /** In the settings, the compare table, the phase labels and the headless report. */
  name: string;
  /** A per-event encoder (h_o) that MCP pre-trains and fine-tuning starts from. */
  hasSequenceEncoder: boolean;
  /** The settings the type reads; the settings panel marks the others as unused. */
  settings: readonly ModelSettingKey[];
}

const ALL_SETTINGS = Object.keys(modelSettingsShape) as ModelSettingKey[];

export const MODEL_TYPES = {
  supermoe: { name: 'SuperMoE', hasSequenceEncoder: true, settings: ALL_SETTINGS },
  // SuperMoE with one expert per routed site (the paper's BERT row): no router, so no balance or z-loss.
  dense: { name: 'Dense (E = 1)', hasSequenceEncoder: true, settings: ['dModel', 'numBlocks', 'numHeads', 'ffnHidden', 'routing', 'capacityFactor', 'kernels', 'dropout', 'towerInit', 'summaryHidden', 'wideIds', 'wideFit', 'wideBag'] },
  // MMoE and PLE read the MFP output max-pooled over the events: no per-event encoder.
  mmoe: { name: 'MMoE', hasSequenceEncoder: false, settings: ['dModel', 'numExperts', 'ffnHidden', 'dropout', 'towerInit', 'summaryHidden', 'wideIds', 'wideFit', 'wideBag'] },
  ple: { name: 'PLE', hasSequenceEncoder: false, settings: ['dModel', 'numBlocks', 'numExperts', 'ffnHidden', 'dropout', 'towerInit', 'summaryHidden', 'wideIds', 'wideFit', 'wideBag'] },
} as const satisfies Record<string, ModelTypeInfo>;

export type ModelType = keyof typeof MODEL_TYPES;
/** The types with a sequence encoder: their builders must give one (see buildModel.ts). */
export type SequenceModelType = { [K in ModelType]: (typeof MODEL_TYPES)[K]['hasSequenceEncoder'] extends true ? K : never }[ModelType];
/** In registry order (object keys keep their insertion order). */
export const MODEL_TYPE_KEYS = Object.keys(MODEL_TYPES) as [ModelType, ...ModelType[]];

export const modelSchema = z.object({ type: z.enum(MODEL_TYPE_KEYS), ...modelSettingsShape });
export type ModelSettings = z.infer<typeof modelSchema>;
export type RoutingMode = ModelSettings['routing'];

export function modelName(type: ModelType): string {
  return MODEL_TYPES[type].name;
}

/** MMoE and PLE pool the MFP output at once: no per-event encoder for MCP to pre-train. */
export function hasSequenceEncoder(type: ModelType): type is SequenceModelType {
  return MODEL_TYPES[type].hasSequenceEncoder;
}

/** Whether any of `types` reads `setting`. */
export function readsSetting(types: readonly ModelType[], setting: ModelSettingKey): boolean {
  return types.some((t) => (MODEL_TYPES[t].settings as readonly ModelSettingKey[]).includes(setting));
}
