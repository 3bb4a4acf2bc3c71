import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { MODEL_TYPE_KEYS, type ModelType } from '../run/modelTypes';
import { defaultSpec } from '../run/runSpec';
import { disposeSummaryBatch, summaryBatch, summaryDataset } from '../test/summaryDataset';
import { NO_USER } from '../train/batch';
import { createRng } from '../util/rng';
import { buildModel } from './buildModel';
import { Dropout, EVALUATION, type ForwardMode } from './dropout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Dropout', () => {
  const x = () => tf.fill([100, 50], 3) as tf.Tensor2D;

  it('inverted: drops about p of the values and scales the others by 1/(1 − p)', () => {
    tf.tidy(() => {
      const y = new Dropout(0.25, 1).apply(x(), 'mfp', { training: true, step: 0 }).dataSync();
      const dropped = y.filter((v) => v === 0).length / y.length;
      expect(dropped).toBeGreaterThan(0.22);
      expect(dropped).toBeLessThan(0.28);
      expect(y.every((v) => v === 0 || v === 4)).toBe(true);
    });
  });

  it('is no op at all when evaluating or at p = 0: the same tensor comes back', () => {
    tf.tidy(() => {
      const t = x();
      expect(new Dropout(0.5, 1).apply(t, 'mfp', EVALUATION)).toBe(t);
      expect(new Dropout(0, 1).apply(t, 'mfp', { training: true, step: 3 })).toBe(t);
    });
  });

  it('its mask is drawn on the CPU from the seed, the step and the site', () => {
    tf.tidy(() => {
      const mask = (seed: number, site: string, step: number) => Array.from(new Dropout(0.5, seed).apply(tf.ones([64]), site, { training: true, step }).dataSync());
      const r = createRng(7).fork('dropout').fork('towers@5');
      expect(mask(7, 'towers', 5)).toEqual(Array.from({ length: 64 }, () => (r.next() < 0.5 ? 0 : 2)));
      expect(mask(7, 'towers', 5)).toEqual(mask(7, 'towers', 5));
      expect(mask(7, 'towers', 6)).not.toEqual(mask(7, 'towers', 5));
      expect(mask(7, 'mfp', 5)).not.toEqual(mask(7, 'towers', 5));
      expect(mask(8, 'towers', 5)).not.toEqual(mask(7, 'towers', 5));
    });
  });
});

describe('dropout in every model type (MFP output and the towers\' input)', () => {
  const dataset = summaryDataset({ users: 12, seqLen: 6, seed: 4 });
  const users = [0, 1, 2, NO_USER];

  function model(type: ModelType, dropout: number) {
    const settings = { ...defaultSpec('software').model, type, dModel: 8, numBlocks: 1, numHeads: 2, numExperts: 3, ffnHidden: 12, kernels: 'reference' as const, dropout };
    return buildModel(settings, schemaOf(dataset), 1);
  }

  async function logits(type: ModelType, dropout: number, mode?: ForwardMode): Promise<number[]> {
    const m = model(type, dropout);
    const batch = summaryBatch(dataset, users);
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => m.forward(batch, mode).logits);
    const values = Array.from(await out.data());
    out.dispose();
    expect(tf.memory().numTensors, 'tensors left by a forward pass').toBe(before);
    disposeSummaryBatch(batch);
    m.dispose();
    return values;
  }

  for (const type of MODEL_TYPE_KEYS) {
    it(`${type}: reproducible for a seed and step, off when evaluating, none at p = 0`, async () => {
      const evaluation = await logits(type, 0.3);
      expect(await logits(type, 0.3, EVALUATION)).toEqual(evaluation);
      const training = await logits(type, 0.3, { training: true, step: 4 });
      expect(training).not.toEqual(evaluation);
      expect(await logits(type, 0.3, { training: true, step: 4 })).toEqual(training);
      expect(await logits(type, 0.3, { training: true, step: 5 })).not.toEqual(training);
      // p = 0: a training pass is the evaluation pass, to the bit.
      expect(await logits(type, 0, { training: true, step: 4 })).toEqual(await logits(type, 0));
    });
  }
});
