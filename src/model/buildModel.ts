// The model of a run, by model type (README §Model 4): one builder per entry of the model-type
// registry (src/run/modelTypes.ts). TypeScript asks for a builder per type, and a type with a
// sequence encoder must build a SuperMoE: that is what MCP pre-trains and a saved encoder fits.
import type { DatasetSchema } from '../data/dataset';
import { hasSequenceEncoder, modelName, type ModelSettings, type ModelType, type SequenceModelType } from '../run/modelTypes';
import { MMoE } from './mmoe';
import { PLE } from './ple';
import { SuperMoE } from './superMoE';
import type { UserModel } from './userModel';

type Builder<M extends UserModel> = (settings: ModelSettings, schema: DatasetSchema, seed: number) => M;

const BUILDERS: { [T in ModelType]: Builder<T extends SequenceModelType ? SuperMoE : UserModel> } = {
  supermoe: (settings, schema, seed) => new SuperMoE(settings, schema, seed),
  // The paper's BERT row: the same transformer with one expert per routed site.
  dense: (settings, schema, seed) => new SuperMoE({ ...settings, numExperts: 1 }, schema, seed),
  mmoe: (settings, schema, seed) => new MMoE(settings, schema, seed),
  ple: (settings, schema, seed) => new PLE(settings, schema, seed),
};

export function buildModel(settings: ModelSettings, schema: DatasetSchema, seed: number): UserModel {
  return BUILDERS[settings.type](settings, schema, seed);
}

/** The model of a type with a sequence encoder, as that encoder (for MCP pre-training). */
export function buildSequenceEncoder(settings: ModelSettings, schema: DatasetSchema, seed: number): SuperMoE {
  const type = settings.type;
  if (!hasSequenceEncoder(type)) throw new Error(`${modelName(type)} has no sequence encoder to pre-train.`);
  return BUILDERS[type](settings, schema, seed);
}
