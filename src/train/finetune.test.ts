import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import { defaultSpec, type EncoderMode } from '../run/runSpec';
import { finetuneOptimizer } from './finetune';
import { tinyDataset } from '../test/tinyDataset';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 60, seqLen: 6, seed: 1 });
const split = { train: Int32Array.from({ length: 50 }, (_, i) => i), val: Int32Array.from({ length: 10 }, (_, i) => 50 + i) };

/** Mean absolute change of the encoder's and the towers' weights over 3 steps. */
async function moves(mode: EncoderMode) {
  const spec = defaultSpec('software');
  spec.model = { ...spec.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: 'reference' };
  spec.train = { ...spec.train, batchSize: 8, learningRate: 1e-2 };
  spec.finetune = { ...spec.finetune, encoder: mode, encoderLrScale: 0.1 };
  const model = buildModel(spec.model, schemaOf(dataset), 1);
  const snap = () => new Map(model.params.entries().map(([n, v]) => [n, v.dataSync().slice()]));
  const before = snap();
  const trainer = await Trainer.create(spec, dataset, split, { model, optimizer: finetuneOptimizer(model, spec) });
  for (let i = 0; i < 3; i++) await trainer.step();
  const after = snap();
  const change = (pick: (n: string) => boolean) => {
    let sum = 0;
    let n = 0;
    for (const [name, a] of before) {
      if (!pick(name)) continue;
      const b = after.get(name)!;
      a.forEach((x, i) => (sum += Math.abs(x - b[i])));
      n += a.length;
    }
    return sum / n;
  };
  const out = { encoder: change((n) => !n.startsWith('towers.')), towers: change((n) => n.startsWith('towers.')) };
  trainer.dispose();
  return out;
}

describe('fine-tuning modes', () => {
  it('frozen moves only the towers; lowerLr moves the encoder about 10× less than finetune', async () => {
    const frozen = await moves('frozen');
    expect(frozen.encoder).toBe(0);
    expect(frozen.towers).toBeGreaterThan(0);
    const full = await moves('finetune');
    const lower = await moves('lowerLr');
    expect(lower.encoder / full.encoder).toBeGreaterThan(0.05);
    expect(lower.encoder / full.encoder).toBeLessThan(0.2);
    expect(lower.towers / full.towers).toBeGreaterThan(0.5);
  });
});
