// The phases of a run (README §Model 3-4), as plain data: a plain run trains once; the recipe
// pre-trains with MCP, then fine-tunes; a compare run does that for several model types, one
// after another on the same split and seed, and optionally trains each task alone. Events
// carry a PhaseTag so that charts and the headless runner can tell the phases apart;
// recipeRun.ts steps through them.
import { hasSequenceEncoder, modelName, type ModelType } from '../run/modelTypes';
import type { RunSpec } from '../run/runSpec';

export type PhaseKind = 'pretrain' | 'finetune' | 'train';

export interface Phase {
  kind: PhaseKind;
  model: ModelType;
  /** Index of the one task trained (λ one-hot), or null for all tasks. */
  alone: number | null;
}

export interface PhaseTag extends Phase {
  index: number;
  count: number;
  steps: number;
  /** e.g. "SuperMoE · MCP pre-training", "MMoE · training", "SuperMoE · churn_risk alone". */
  label: string;
}

export function isCompare(spec: RunSpec): boolean {
  return spec.compare.models.length > 0;
}

/** The phases of `spec` on data with `numTasks` tasks. */
export function planPhases(spec: RunSpec, numTasks: number): Phase[] {
  const pretrains = (model: ModelType) => spec.finetune.from === 'pretrain' && hasSequenceEncoder(model);
  const joint = (model: ModelType): Phase[] => {
    if (pretrains(model)) return [{ kind: 'pretrain', model, alone: null }, { kind: 'finetune', model, alone: null }];
    return [{ kind: spec.finetune.from === 'saved' ? 'finetune' : 'train', model, alone: null }];
  };
  if (!isCompare(spec)) return joint(spec.model.type);
  const models = spec.compare.models;
  const phases = models.flatMap(joint);
  if (spec.compare.alone) {
    // Alone runs start where the first model's joint run started (its pre-trained encoder, kept in memory).
    const kind: PhaseKind = pretrains(models[0]) ? 'finetune' : 'train';
    for (let k = 0; k < numTasks; k++) phases.push({ kind, model: models[0], alone: k });
  }
  return phases;
}

export function phaseLabel(p: Phase, tasks: string[]): string {
  const what = p.kind === 'pretrain' ? 'MCP pre-training' : p.alone !== null ? `${tasks[p.alone]} alone` : p.kind === 'finetune' ? 'fine-tuning' : 'training';
  return `${modelName(p.model)} · ${what}`;
}
