// The model of a run, by model type (spec §4): SuperMoE, its dense E = 1 form (the BERT row),
// or the MMoE and PLE baselines on the same input projection and towers.
import type { DatasetSchema } from '../data/dataset';
import { MMoE } from './mmoe';
import { PLE } from './ple';
import { SuperMoE, type ModelSettings } from './superMoE';
import type { UserModel } from './userModel';

export function buildModel(settings: ModelSettings, schema: DatasetSchema, seed: number): UserModel {
  switch (settings.type) {
    case 'supermoe':
    case 'dense':
      return new SuperMoE(settings, schema, seed);
    case 'mmoe':
      return new MMoE(settings, schema, seed);
    case 'ple':
      return new PLE(settings, schema, seed);
  }
}

