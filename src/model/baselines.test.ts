import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import type { ModelType } from '../run/modelTypes';
import { defaultSpec } from '../run/runSpec';
import { buildBatch, disposeBatch, NO_USER } from '../train/batch';
import { tinyDataset } from '../test/tinyDataset';
import { buildModel } from './buildModel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 12, seqLen: 6, seed: 4 });

function model(type: ModelType, numBlocks = 2) {
  const spec = defaultSpec('software');
  return buildModel({ ...spec.model, type, dModel: 8, numBlocks, numHeads: 2, numExperts: 3, ffnHidden: 12, kernels: 'reference' }, schemaOf(dataset), 1);
}

describe('MMoE and PLE baselines', () => {
  for (const type of ['mmoe', 'ple'] as const) {
    it(`${type}: logits [B, K], H [B, d], no routed sites, a gradient for every parameter`, () => {
      const m = model(type);
      const batch = buildBatch(dataset, [0, 1, 2, NO_USER]);
      tf.tidy(() => {
        const out = m.forward(batch);
        expect(out.logits.shape).toEqual([4, 2]);
        expect(out.H.shape).toEqual([4, 8]);
        expect(out.routing).toEqual([]);
        expect(Array.from(out.logits.dataSync()).every(Number.isFinite)).toBe(true);
        const { grads } = tf.variableGrads(() => tf.sum(m.forward(batch).logits));
        const names = m.params.entries().map(([, v]) => v.name);
        for (const n of names) expect(grads[n], n).toBeDefined();
      });
      disposeBatch(batch);
      m.dispose();
    });
  }

  it('PLE has a shared gate below the top level only; a user\'s logits do not depend on the batch', async () => {
    const m = model('ple', 2);
    const names = m.params.entries().map(([n]) => n);
    expect(names).toContain('ple0.sharedGate');
    expect(names).not.toContain('ple1.sharedGate');
    const logitsOf = async (users: number[], row: number) => {
      const b = buildBatch(dataset, users);
      const l = tf.tidy(() => m.forward(b).logits);
      const rows = (await l.array()) as number[][];
      l.dispose();
      disposeBatch(b);
      return rows[row];
    };
    const alone = await logitsOf([5, NO_USER], 0);
    const among = await logitsOf([1, 2, 5], 2);
    alone.forEach((v, i) => expect(among[i]).toBeCloseTo(v, 5));
    m.dispose();
  });
});
