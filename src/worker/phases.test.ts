import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../run/runSpec';
import { planPhases, phaseLabel } from './phases';

describe('run phases', () => {
  it('plain, pre-train → fine-tune, saved encoder', () => {
    const s = defaultSpec();
    expect(planPhases(s, 2)).toEqual([{ kind: 'train', model: 'supermoe', alone: null }]);
    s.finetune.from = 'pretrain';
    expect(planPhases(s, 2).map((p) => p.kind)).toEqual(['pretrain', 'finetune']);
    s.finetune = { ...s.finetune, from: 'saved', saved: 'mcp-1' };
    expect(planPhases(s, 2).map((p) => p.kind)).toEqual(['finetune']);
  });

  it('compare: each model type, MCP only where there is a sequence encoder, then each task alone', () => {
    const s = defaultSpec();
    s.finetune.from = 'pretrain';
    s.compare = { models: ['supermoe', 'mmoe'], alone: true };
    const phases = planPhases(s, 2);
    expect(phases.map((p) => `${p.kind}:${p.model}:${p.alone}`)).toEqual([
      'pretrain:supermoe:null',
      'finetune:supermoe:null',
      'train:mmoe:null',
      'finetune:supermoe:0',
      'finetune:supermoe:1',
    ]);
    expect(phaseLabel(phases[3], ['a', 'b'])).toBe('SuperMoE · a alone');
  });
});
