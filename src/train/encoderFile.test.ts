import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf, type DatasetSchema } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import { defaultSpec } from '../run/runSpec';
import { decodeEncoderFile, encodeEncoderFile, encoderWeights, loadEncoderWeights, schemaDifferences } from './encoderFile';
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

describe('an encoder saved before event ages and user summaries', () => {
  // The header as the app wrote it then: a schema without ageBuckets and userFeatures.
  const oldFile = async (model: ReturnType<typeof buildModel>) => {
    const oldSchema: Partial<DatasetSchema> = schemaOf(dataset);
    delete oldSchema.ageBuckets;
    delete oldSchema.userFeatures;
    const info = { name: 'old', created: '', model: settings, dataName: 'tiny', schema: oldSchema as DatasetSchema, pretrain: spec.pretrain };
    return encodeEncoderFile(info, await encoderWeights(model));
  };

  it('reads as a schema without them, and loads into a model without ages', async () => {
    const a = buildModel(settings, schemaOf(dataset), 1);
    const { info, weights } = decodeEncoderFile(await oldFile(a));
    expect(info.schema).toMatchObject({ ageBuckets: 0, userFeatures: 0 });
    expect(schemaDifferences(info.schema, schemaOf(dataset))).toEqual([]);
    const b = buildModel(settings, schemaOf(dataset), 2);
    expect(() => loadEncoderWeights(b, weights)).not.toThrow();
    a.dispose();
    b.dispose();
  });

  it('is refused by a run with event ages, saying what differs', async () => {
    const a = buildModel(settings, schemaOf(dataset), 1);
    const { info, weights } = decodeEncoderFile(await oldFile(a));
    const withAges = schemaOf({ ...dataset, ageBucket: new Int32Array(dataset.numUsers * dataset.seqLen) });
    expect(schemaDifferences(info.schema, withAges)).toEqual(['it was pre-trained without event ages and this run has them (turn event age off to use it)']);
    const b = buildModel(settings, withAges, 2);
    expect(() => loadEncoderWeights(b, weights)).toThrow(/does not fit.*mfp.tables is.*event-age setting/);
    a.dispose();
    b.dispose();
  });
});
