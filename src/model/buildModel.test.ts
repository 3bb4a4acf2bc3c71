import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { hasSequenceEncoder, MODEL_TYPE_KEYS } from '../run/modelTypes';
import { defaultSpec } from '../run/runSpec';
import { tinyDataset } from '../test/tinyDataset';
import { buildModel, buildSequenceEncoder } from './buildModel';
import { SuperMoE } from './superMoE';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const schema = schemaOf(tinyDataset({ users: 8, seqLen: 4, seed: 2 }));
const settings = { ...defaultSpec('software').model, dModel: 8, numHeads: 2, numExperts: 3, ffnHidden: 8 };

describe('buildModel: one builder per registered model type', () => {
  it('builds every type; a type with a sequence encoder builds a SuperMoE, the others do not', () => {
    for (const type of MODEL_TYPE_KEYS) {
      const m = buildModel({ ...settings, type }, schema, 1);
      expect(m instanceof SuperMoE, type).toBe(hasSequenceEncoder(type));
      m.dispose();
    }
  });

  it('dense is SuperMoE with one expert per routed site, whatever E says', () => {
    const m = buildModel({ ...settings, type: 'dense' }, schema, 1);
    expect(m.numExperts).toBe(1);
    m.dispose();
  });

  it('pre-trains only a sequence encoder', () => {
    const enc = buildSequenceEncoder({ ...settings, type: 'supermoe' }, schema, 1);
    expect(enc.numExperts).toBe(3);
    enc.dispose();
    expect(() => buildSequenceEncoder({ ...settings, type: 'mmoe' }, schema, 1)).toThrow(/MMoE has no sequence encoder/);
  });
});
