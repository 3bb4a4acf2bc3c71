import { describe, expect, it } from 'vitest';
import { FIRST_TOKEN } from '../data/dataset';
import { tinyDataset } from '../test/tinyDataset';
import { mcpChannels } from './mcp';
import { McpReferenceScore, mcpPriors } from './mcpReference';

// Three users, four positions each, channels kind (category), item (id) and amount (dense).
// Item classes at a cap of 12: FIRST_TOKEN + 0 / + 1 are classes of their own, token 11 and up
// share the "rarer value" class 11.
const A = FIRST_TOKEN;
const B = FIRST_TOKEN + 1;
const RARE = 15;
function handWorked() {
  const d = tinyDataset({ users: 3, seqLen: 4, seed: 1 });
  d.length.set([3, 2, 4]);
  const items = [
    [A, A, B, B], // user 0: 3 events; position 3 is padding and must not count
    [A, RARE, A, A], // user 1: 2 events
    [B, B, B, B], // user 2: not a training user
  ];
  items.flat().forEach((token, t) => (d.tokens[t * 2 + 1] = token));
  d.denseValues.set([1, 2, 3, 100, 4, 5, 100, 100, 9, 9, 9, 9]);
  return d;
}

describe('MCP frequency reference', () => {
  const d = handWorked();
  const channels = mcpChannels(d, ['item', 'amount'], 12);
  const train = [0, 1];

  it('counts the training users’ real events only: add-one smoothed log p, the most frequent classes first, the dense mean', () => {
    const [item, amount] = mcpPriors(d, train, channels);
    // Real events: A A B | A RARE → A 3, B 1, rarer 1 of 5, over 12 classes.
    expect(item.logP).toHaveLength(12);
    expect(item.logP[A]).toBeCloseTo(Math.log(4 / 17), 12);
    expect(item.logP[B]).toBeCloseTo(Math.log(2 / 17), 12);
    expect(item.logP[11]).toBeCloseTo(Math.log(2 / 17), 12);
    expect(item.logP[0]).toBeCloseTo(Math.log(1 / 17), 12);
    // A, then the ties B and "rarer" by class, then the unseen classes by class.
    expect(item.top).toEqual([A, B, 11, 0, 1, 4, 5, 6, 7, 8]);
    expect(amount.mean).toBeCloseTo((1 + 2 + 3 + 4 + 5) / 5, 12);
  });

  it('scores masked targets as the model’s evaluation does: −log p, top 1, top 10, squared error to the mean', () => {
    const score = new McpReferenceScore(channels, mcpPriors(d, train, channels));
    // P = 3 slots per channel; item has 3 masked positions (A, class 9, rarer), amount 1 (value 5); the rest is padding.
    score.add(Float32Array.from([A, 9, 11, 5, 77, 77]), [3, 1]);
    score.add(Float32Array.from([B, 0, 0, 1, 0, 0]), [1, 1]);
    const [item, amount] = score.metrics();
    expect(item).toMatchObject({ name: 'item', kind: 'id', masked: 4, accuracy: 1 / 4 });
    expect(item.loss).toBeCloseTo(-(Math.log(4 / 17) + Math.log(1 / 17) + Math.log(2 / 17) + Math.log(2 / 17)) / 4, 12);
    // Class 9 is the 11th most frequent: outside the top 10.
    expect(item.hitRate10).toBeCloseTo(3 / 4, 12);
    expect(amount).toMatchObject({ name: 'amount', kind: 'dense', masked: 2, accuracy: null, hitRate10: null });
    expect(amount.loss).toBeCloseTo(((5 - 3) ** 2 + (1 - 3) ** 2) / 2, 12);
  });

  it('has no measure without masked positions, and no HR@10 for 10 classes or fewer', () => {
    const few = mcpChannels(d, ['kind'], 12);
    const score = new McpReferenceScore(few, mcpPriors(d, train, few));
    expect(score.metrics()[0]).toMatchObject({ loss: null, accuracy: null, hitRate10: null, masked: 0 });
    score.add(Float32Array.from([FIRST_TOKEN]), [1]);
    expect(score.metrics()[0].hitRate10).toBeNull();
    expect(score.metrics()[0].accuracy).not.toBeNull();
  });
});
