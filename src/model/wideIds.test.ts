// The towers' weights on the events' values (wideIds.ts) on hand-worked batches: what they sum,
// that they start the model where it was without them, that they learn a bag of values, and
// that the L2 prior keeps a value that says nothing at 0.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { MODEL_TYPE_KEYS } from '../run/modelTypes';
import { defaultSpec } from '../run/runSpec';
import { disposeSummaryBatch, summaryBatch, withUserSummary } from '../test/summaryDataset';
import { tinyDataset } from '../test/tinyDataset';
import { buildModel } from './buildModel';
import { Params } from './params';
import { createRng } from '../util/rng';
import { expectClose } from '../test/expectClose';
import { onCpu, useWebGpuBackend } from '../test/webgpuNode';
import { MAX_WIDE_ROWS, WIDE_C, WideIds, wideL2Weight, type WideBag } from './wideIds';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const channels = (...vocab: number[]) => ({ discrete: vocab.map((vocabSize, i) => ({ name: `c${i}`, kind: 'id' as const, vocabSize })) });

/** A WideIds whose table of channel c holds `rows[c]` ([vocab][K] weights); `knownValues` per channel for 'presence'. */
function withWeights(rows: number[][][], bag: WideBag = 'count', knownValues?: number[]): { wide: WideIds; params: Params } {
  const params = new Params(createRng(1).fork('init'));
  const schema = { discrete: channels(...rows.map((r) => r.length)).discrete.map((c, i) => ({ ...c, knownValues: knownValues?.[i] })) };
  const wide = new WideIds(params, schema, rows[0][0].length, bag);
  params.entries().forEach(([, v], c) => v.assign(tf.tensor2d(rows[c])));
  return { wide, params };
}

describe('the wide part on the events\' values', () => {
  it('sums each real event\'s value weights per task over channels; padding adds nothing', () => {
    // Channel 0: 5 values, channel 1: 4; K = 2 tasks.
    const { wide, params } = withWeights([
      [[100, 100], [0, 0], [1, 10], [2, 20], [4, 40]],
      [[100, 100], [0, 0], [0.5, -1], [0.25, -2]],
    ]);
    // User 0: events (2, 2), (3, 3), padding (0, 0); user 1: (4, 2), (4, 2), (2, 3).
    const tokens = tf.tensor3d([[[2, 2], [3, 3], [0, 0]], [[4, 2], [4, 2], [2, 3]]], [2, 3, 2], 'int32');
    const valid = tf.tensor2d([[1, 1, 0], [1, 1, 1]]);
    const out = wide.forward({ tokens, valid });
    expect(out.shape).toEqual([2, 2]);
    const expected = [1 + 0.5 + 2 + 0.25, 10 - 1 + 20 - 2, 4 + 0.5 + 4 + 0.5 + 1 + 0.25, 40 - 1 + 40 - 1 + 10 - 2];
    Array.from(out.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expected[i], 5));
    // Σ w² over both tables.
    const all = [100, 100, 0, 0, 1, 10, 2, 20, 4, 40, 100, 100, 0, 0, 0.5, -1, 0.25, -2];
    expect(wide.penalty().dataSync()[0]).toBeCloseTo(all.reduce((a, w) => a + w * w, 0), 2);
    tf.dispose([tokens, valid, out]);
    params.dispose();
  });

  it('\'presence\': each known value a user holds once; the unknown token, OOV buckets and padding add nothing', () => {
    // One channel, K = 2: tokens 2..4 are its 3 values, 5 and 6 its OOV buckets, 1 the unknown token.
    const { wide, params } = withWeights([[[100, 100], [50, 50], [1, 10], [2, 20], [4, 40], [8, 80], [16, 160]]], 'presence', [3]);
    // User 0: 2, 2, 3, 5 (bucket), 1 (unknown), padding; user 1: 4, 4, 4, 6 (bucket), 2, padding (a 2).
    const tokens = tf.tensor3d([[[2], [2], [3], [5], [1], [0]], [[4], [4], [4], [6], [2], [2]]], [2, 6, 1], 'int32');
    const valid = tf.tensor2d([[1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 0]]);
    const out = wide.forward({ tokens, valid });
    expectClose('presence sums', out.dataSync(), [1 + 2, 10 + 20, 4 + 1, 40 + 10], 1e-6);
    tf.dispose([tokens, valid, out]);
    params.dispose();
  });

  it('\'presence\' gives the same sums on WebGPU as on the cpu backend', async () => {
    await useWebGpuBackend();
    const { wide, params } = withWeights([[[9, 9], [9, 9], [1, 10], [2, 20], [4, 40], [8, 80]]], 'presence', [3]);
    const run = async () => {
      const out = tf.tidy(() => wide.forward({ tokens: tf.tensor3d([[[2], [3], [2], [5], [4]], [[4], [4], [1], [0], [0]]], [2, 5, 1], 'int32'), valid: tf.tensor2d([[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]]) }));
      const values = Array.from(await out.data());
      out.dispose();
      return values;
    };
    const gpu = await run();
    expectClose('webgpu presence sums', gpu, [1 + 2, 10 + 20, 4, 40], 1e-6);
    expect(gpu).toEqual(await onCpu(run));
    params.dispose();
    await tf.setBackend('cpu');
  }, 60_000);

  it('leaves a channel with more rows than one table may hold to the deep path', () => {
    const params = new Params(createRng(1).fork('init'));
    const wide = new WideIds(params, channels(10, MAX_WIDE_ROWS + 1, 3), 2);
    expect(wide.channels).toEqual([0, 2]);
    params.dispose();
  });

  it('the L2 weight is a regression\'s prior at C on a mean loss over n users: 1 / (2·C·n)', () => {
    expect(WIDE_C).toBe(0.01);
    expect(wideL2Weight(2000)).toBeCloseTo(1 / 40, 12);
    expect(wideL2Weight(0)).toBe(wideL2Weight(1));
  });

  it('learns the values that say the label, and the prior shrinks them and keeps a value no event holds at 0', () => {
    // Label 1 exactly when a user's events hold value 3; value 4 is in every history; value 5 in none.
    const users = 400;
    const ids = Array.from({ length: users }, (_, u) => [[4], [u % 2 === 0 ? 3 : 2], [2]]);
    const labels = Array.from({ length: users }, (_, u) => (u % 2 === 0 ? 1 : 0));
    const tokens = tf.tensor3d(ids, [users, 3, 1], 'int32');
    const valid = tf.ones([users, 3]) as tf.Tensor2D;
    const y = tf.tensor2d(labels, [users, 1]);
    const train = (l2: number) => {
      const params = new Params(createRng(1).fork('init'));
      const wide = new WideIds(params, channels(6), 1);
      const opt = tf.train.adam(0.05);
      for (let s = 0; s < 150; s++) {
        opt.minimize(() => tf.add(tf.losses.sigmoidCrossEntropy(y, wide.forward({ tokens, valid })), tf.mul(wide.penalty(), l2)) as tf.Scalar);
      }
      const w = Array.from(params.entries()[0][1].dataSync());
      opt.dispose();
      params.dispose();
      return w;
    };
    const [free, prior] = [train(0), train(wideL2Weight(users))];
    for (const w of [free, prior]) {
      expect(w[3] - w[2]).toBeGreaterThan(1);
      // Never in a history: only the prior's gradient (0 at 0) reaches it.
      expect(w[5]).toBe(0);
    }
    expect(Math.abs(prior[3])).toBeLessThan(Math.abs(free[3]));
    tf.dispose([tokens, valid, y]);
  });

  for (const type of MODEL_TYPE_KEYS) {
    it(`${type}: with it, the first logits are those without it (its tables start at 0 and draw nothing from the seed)`, () => {
      const d = withUserSummary(tinyDataset({ users: 12, seqLen: 4, seed: 2 }));
      const settings = { ...defaultSpec('software').model, type, dModel: 8, numBlocks: 1, numHeads: 2, numExperts: 3, ffnHidden: 12, kernels: 'reference' as const };
      const [off, on] = [false, true].map((wideIds) => buildModel({ ...settings, wideIds }, schemaOf(d), 1));
      const wideNames = on.params.entries().map(([n]) => n).filter((n) => n.startsWith('towers.wide.'));
      expect(wideNames.length).toBe(d.discrete.length);
      const onByName = new Map(on.params.entries());
      off.params.entries().forEach(([name, v]) => expect(onByName.get(name)!.dataSync(), name).toEqual(v.dataSync()));
      const b = summaryBatch(d, [0, 3, 5, 11]);
      const [a, c] = [off, on].map((m) => tf.tidy(() => m.forward(b).logits.arraySync()));
      expect(c).toEqual(a);
      disposeSummaryBatch(b);
      off.dispose();
      on.dispose();
    });
  }
});
