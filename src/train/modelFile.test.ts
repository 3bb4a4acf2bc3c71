import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { encodingOf } from '../data/frozenEncoding';
import { defaultSpec, type RunSpec } from '../run/runSpec';
import { withUserSummary } from '../test/summaryDataset';
import { tinyDataset } from '../test/tinyDataset';
import { decodeModelFile, encodeModelFile, modelFromFile } from './modelFile';
import { scoreChunk, scoringChunk } from './scoring';
import { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// User summary inputs, so the towers have their wide part (v_k·s) to save too.
const dataset = withUserSummary(tinyDataset({ users: 60, seqLen: 6, seed: 1 }));
const base = defaultSpec('software');
const spec: RunSpec = {
  ...base,
  model: { ...base.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: 'reference' },
  train: { ...base.train, steps: 3, batchSize: 16, evalEvery: 3 },
};
const users = Int32Array.from({ length: dataset.numUsers }, (_, u) => u);

async function trained(): Promise<Trainer> {
  const t = await Trainer.create(spec, dataset, { train: users.slice(0, 40), val: users.slice(40) });
  for (let i = 0; i < spec.train.steps; i++) await t.step();
  return t;
}

describe('model file', () => {
  it('round-trips every parameter (towers and their wide part included): the same scores and H to the bit', async () => {
    const t = await trained();
    const header = { name: 'm', created: '2026-12-01T00:00:00Z', spec, schema: schemaOf(dataset), mapping: [], encoding: encodingOf(dataset), dataName: 'tiny', step: 3 };
    const file = await encodeModelFile(header, t.model);
    expect(t.model.params.entries().some(([n]) => n === 'towers.summary')).toBe(true);
    const size = scoringChunk(spec.train.batchSize);
    const before = await scoreChunk(t.model, dataset, users, size);
    const { info, model } = modelFromFile(file);
    const after = await scoreChunk(model, dataset, users, size);
    expect(after.logits).toEqual(before.logits);
    expect(after.h).toEqual(before.h);
    expect(info).toMatchObject({ name: 'm', step: 3, dataName: 'tiny', bytes: file.byteLength, parameters: t.model.params.count() });
    expect(info.encoding).toEqual(JSON.parse(JSON.stringify(encodingOf(dataset))));
    // Not the untrained model's scores: the weights came from the file.
    const fresh = (await Trainer.create(spec, dataset, { train: users, val: users })).model;
    expect((await scoreChunk(fresh, dataset, users, size)).logits).not.toEqual(before.logits);
    fresh.dispose();
    model.dispose();
    t.dispose();
  });

  it('refuses an encoder file, another file and a damaged one, saying what it is', async () => {
    expect(() => decodeModelFile(new TextEncoder().encode('SMOEENC1xxxxxxxx').buffer as ArrayBuffer)).toThrow(/Not a SuperMoE model file/);
    expect(() => decodeModelFile(new TextEncoder().encode('user,item\n').buffer as ArrayBuffer)).toThrow(/Not a SuperMoE model file/);
    const t = await trained();
    const header = { name: 'm', created: '', spec, schema: schemaOf(dataset), mapping: [], encoding: encodingOf(dataset), dataName: 'tiny', step: 3 };
    const file = await encodeModelFile(header, t.model);
    expect(() => decodeModelFile(file.slice(0, file.byteLength - 4))).toThrow(/cut short/);
    t.dispose();
  });
});
