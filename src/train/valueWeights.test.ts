// The value weights described in the data's words, on hand-set weights: the strongest values
// each way per task, in order, named by the column's values (an unknown or hashed rare value
// says so); padding and weights of exactly 0 left out.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Params } from '../model/params';
import { WideIds } from '../model/wideIds';
import { createRng } from '../util/rng';
import { describeValueWeights } from './valueWeights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Tokens: 0 padding, 1 unknown, 2.. the values, then the OOV buckets.
const dataset = {
  discrete: [
    { name: 'item', kind: 'id' as const, vocabSize: 6, values: ['JUMBO BAG', 'MUG'], oovBuckets: 2 },
    { name: 'country', kind: 'category' as const, vocabSize: 4, values: ['UK', 'France'] },
  ],
  tasks: [{ name: 'jumbo' }, { name: 'other' }],
};

describe('describeValueWeights', () => {
  it('lists per task the values that raise and lower the logit most, strongest first, in the data\'s words', async () => {
    const params = new Params(createRng(1).fork('init'));
    const ids = new WideIds(params, dataset, 2);
    const [item, country] = params.entries().map(([, v]) => v);
    // [token][task]
    item.assign(tf.tensor2d([[9, 9], [0.2, 0], [0.8, 0], [-0.3, 0], [0, 0], [0.1, 0]]));
    country.assign(tf.tensor2d([[-9, -9], [0, 0], [0, 0], [-0.5, 0]]));
    const [jumbo, other] = await describeValueWeights(ids, dataset, 3);
    expect(jumbo).toEqual({
      task: 'jumbo',
      raises: [
        { column: 'item', value: 'JUMBO BAG', weight: expect.closeTo(0.8, 6) as number },
        { column: 'item', value: '(unknown value)', weight: expect.closeTo(0.2, 6) as number },
        { column: 'item', value: '(a rarer value, bucket 2 of 2)', weight: expect.closeTo(0.1, 6) as number },
      ],
      lowers: [
        { column: 'country', value: 'France', weight: -0.5 },
        { column: 'item', value: 'MUG', weight: expect.closeTo(-0.3, 6) as number },
      ],
    });
    // Padding's row and weights of 0 say nothing.
    expect(other).toEqual({ task: 'other', raises: [], lowers: [] });
    params.dispose();
  });
});
