import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { defaultSpec } from '../run/runSpec';
import { buildBatch, disposeBatch, NO_USER } from '../train/batch';
import { tinyDataset } from '../test/tinyDataset';
import { expectClose } from '../test/expectClose';
import { loadBalancingLoss, routerZLoss } from './balance';
import { EVALUATION, SCORING } from './dropout';
import { SuperMoE } from './superMoE';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 12, seqLen: 6, seed: 4 });

function model(routing: 'capacity' | 'dropless') {
  const spec = defaultSpec('software');
  return new SuperMoE({ ...spec.model, dModel: 16, numBlocks: 2, numHeads: 2, numExperts: 3, ffnHidden: 16, routing, kernels: 'reference' }, schemaOf(dataset), 1);
}

async function embedding(m: SuperMoE, users: number[], row: number): Promise<number[]> {
  const batch = buildBatch(dataset, users);
  const H = tf.tidy(() => m.forward(batch).H);
  const rows = (await H.array()) as number[][];
  H.dispose();
  disposeBatch(batch);
  return rows[row];
}

describe('SuperMoE', () => {
  it('gives logits [B, K], H [B, d] and a load per routed site', () => {
    const m = model('capacity');
    const batch = buildBatch(dataset, [0, 1, 2, 3]);
    tf.tidy(() => {
      const out = m.forward(batch);
      expect(out.logits.shape).toEqual([4, 2]);
      expect(out.H.shape).toEqual([4, 16]);
      const sites = ['msa.q', 'msa.k', 'msa.v', 'ffn1', 'ffn2'];
      expect(out.routing.flatMap((r) => r.sites)).toEqual([0, 1].flatMap((b) => sites.map((s) => `block${b}.${s}`)));
      expect(out.capacity).toBe(Math.ceil((1.25 * batch.numValidTokens) / 3));
    });
    disposeBatch(batch);
    m.dispose();
  });

  it('scoring gives the evaluation\'s logits and H (to float rounding: its MFP projection is folded), the same bits every time, without the routers\' auxiliary losses', async () => {
    const m = model('capacity');
    const batch = buildBatch(dataset, [0, 1, 2, 3, 4]);
    const read = async (mode: typeof EVALUATION) => {
      const out = tf.tidy(() => {
        const o = m.forward(batch, mode);
        return [o.logits, o.H, o.balanceLoss, o.zLoss, tf.concat(o.routing.map((r) => r.counts))];
      });
      const values = await Promise.all(out.map((t) => t.data()));
      tf.dispose(out);
      return values.map((v) => Array.from(v));
    };
    const [evaluated, scored] = [await read(EVALUATION), await read(SCORING)];
    expectClose('logits', scored[0], evaluated[0]);
    expectClose('H', scored[1], evaluated[1]);
    expect(scored[4]).toEqual(evaluated[4]);
    expect(await read(SCORING)).toEqual(scored);
    expect(evaluated[2][0]).toBeGreaterThan(0);
    expect(evaluated[3][0]).toBeGreaterThan(0);
    expect([scored[2][0], scored[3][0]]).toEqual([0, 0]);
    disposeBatch(batch);
    m.dispose();
  });

  it('dropless: a user\'s H depends neither on the other users nor on empty rows', async () => {
    const m = model('dropless');
    const alone = await embedding(m, [5, NO_USER, NO_USER], 0);
    const among = await embedding(m, [7, 2, 5], 2);
    alone.forEach((v, i) => expect(among[i]).toBeCloseTo(v, 4));
    m.dispose();
  });

  it('initialises identically from the same seed', async () => {
    const [a, b] = [model('capacity'), model('capacity')];
    const va = a.params.variables().map((v) => v.dataSync());
    b.params.variables().forEach((v, i) => expect(v.dataSync()).toEqual(va[i]));
    expect(a.params.count()).toBe(b.params.count());
    a.dispose();
    b.dispose();
  });
});

describe('router auxiliary losses', () => {
  it('load balancing is α for a uniform router and uniform load, more when skewed', async () => {
    const valid = tf.tensor1d([1, 1, 1, 1, 0]);
    const uniform = tf.fill([5, 2], 0.5) as tf.Tensor2D;
    expect((await loadBalancingLoss(uniform, tf.tensor1d([2, 2], 'int32'), valid, 4, 0.01, 2).data())[0]).toBeCloseTo(0.01, 6);
    // All 4 tokens on expert 0 with probability 0.9: α·E·(1·0.9 + 0·0.1) = 0.018.
    const skewed = tf.tensor2d([[0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0.9, 0.1], [0, 1]]);
    expect((await loadBalancingLoss(skewed, tf.tensor1d([4, 0], 'int32'), valid, 4, 0.01, 2).data())[0]).toBeCloseTo(0.018, 6);
  });

  it('z-loss is the weighted mean of logsumexp² over valid tokens', async () => {
    const logits = tf.tensor2d([[0, 0], [1, 3], [50, 50]]);
    const lse = [Math.log(2), Math.log(Math.exp(1) + Math.exp(3))];
    const z = routerZLoss(logits, tf.softmax(logits), tf.tensor1d([1, 1, 0]), 2, 0.5);
    expect((await z.data())[0]).toBeCloseTo((0.5 * (lse[0] ** 2 + lse[1] ** 2)) / 2, 5);
  });
});
