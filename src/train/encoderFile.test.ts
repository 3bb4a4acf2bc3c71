import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import { defaultSpec } from '../run/runSpec';
import { decodeEncoderFile, encodeEncoderFile, encoderWeights, loadEncoderWeights } from './encoderFile';
import { tinyDataset } from '../test/tinyDataset';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 10, seqLen: 6, seed: 1 });
const spec = defaultSpec('software');
const settings = { ...spec.model, dModel: 8, numHeads: 2, numBlocks: 1, numExperts: 2, ffnHidden: 8, kernels: 'reference' as const };

describe('saved encoder file', () => {
  it('round-trips the encoder (not the towers) into a fresh model of the same shape', async () => {
    const a = buildModel(settings, schemaOf(dataset), 1);
    const b = buildModel(settings, schemaOf(dataset), 2);
    const info = { name: 'mcp-test', created: '2025-01-01T00:00:00Z', model: settings, dataName: 'tiny', schema: schemaOf(dataset), pretrain: spec.pretrain };
    const file = encodeEncoderFile(info, await encoderWeights(a));
    const back = decodeEncoderFile(file);
    expect(back.info).toMatchObject({ ...JSON.parse(JSON.stringify(info)), bytes: file.byteLength });
    expect(back.weights.some((w) => w.name.startsWith('towers.'))).toBe(false);
    const towersBefore = b.params.entries().find(([n]) => n === 'towers.w')![1].dataSync().slice();
    loadEncoderWeights(b, back.weights);
    const va = new Map(a.params.entries().map(([n, v]) => [n, v.dataSync()]));
    for (const [n, v] of b.params.entries()) {
      if (n.startsWith('towers.')) continue;
      expect(v.dataSync(), n).toEqual(va.get(n));
    }
    expect(b.params.entries().find(([n]) => n === 'towers.w')![1].dataSync()).toEqual(towersBefore);
    a.dispose();
    b.dispose();
  });

  it('refuses another file, a damaged one, and an encoder of another shape, saying why', async () => {
    expect(() => decodeEncoderFile(new TextEncoder().encode('user,item\n1,2').buffer as ArrayBuffer)).toThrow(/Not a SuperMoE encoder/);
    const a = buildModel(settings, schemaOf(dataset), 1);
    const info = { name: 'x', created: '', model: settings, dataName: 'tiny', schema: schemaOf(dataset), pretrain: spec.pretrain };
    const file = encodeEncoderFile(info, await encoderWeights(a));
    expect(() => decodeEncoderFile(file.slice(0, file.byteLength - 8))).toThrow(/cut short/);
    const wider = buildModel({ ...settings, dModel: 12 }, schemaOf(dataset), 1);
    expect(() => loadEncoderWeights(wider, decodeEncoderFile(file).weights)).toThrow(/does not fit.*mfp.tables is/);
    a.dispose();
    wider.dispose();
  });
});
