import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../run/runSpec';
import { eventsPerUser } from './eventsPerUser';
import { nextPowerOfTwo, sizedSpec, sizeOf, suggestRunSize } from './runSize';

describe('eventsPerUser', () => {
  it('gives nearest-rank quantiles, the mean and the maximum', () => {
    const counts = Int32Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(eventsPerUser(counts)).toEqual({ mean: 50.5, p50: 50, p75: 75, p90: 90, p95: 95, p99: 99, max: 100 });
    expect(eventsPerUser(Int32Array.from([7]))).toMatchObject({ p50: 7, p99: 7, max: 7 });
    expect(eventsPerUser(new Int32Array(0)).max).toBe(0);
  });
});

describe('suggestRunSize', () => {
  it('rounds N up to a power of two over the 90th percentile, within the preset’s bounds', () => {
    expect([1, 2, 3, 8, 9, 160].map(nextPowerOfTwo)).toEqual([1, 2, 4, 8, 16, 256]);
    const at = (p90: number, preset: 'gpu' | 'software') => suggestRunSize({ eventsPerUser: { p90 }, trainUsers: 1000 }, preset).seqLen;
    // Online Retail before the 90-day cutoff: p90 9 events merged on time, 160 invoice lines.
    expect([at(9, 'software'), at(9, 'gpu')]).toEqual([16, 16]);
    expect([at(160, 'software'), at(160, 'gpu')]).toEqual([32, 128]);
    expect([at(1, 'software'), at(3, 'gpu')]).toEqual([8, 8]);
  });

  it('gives 5 epochs of the preset’s batches, within its step bounds', () => {
    const steps = (trainUsers: number, preset: 'gpu' | 'software') => suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers }, preset).steps;
    // 2,730 training users: 5·2730/64 = 213.3 → 214 steps of 64; 5·2730/128 = 106.6 → 200 at least.
    expect([steps(2730, 'software'), steps(2730, 'gpu')]).toEqual([214, 200]);
    expect([steps(100, 'software'), steps(100_000, 'software')]).toEqual([200, 600]);
    expect([steps(50_000, 'gpu'), steps(1_000_000, 'gpu')]).toEqual([1954, 5000]);
  });

  it('trains a small log at 0.3 × the preset’s learning rate, a larger one at the preset’s', () => {
    const lr = (trainUsers: number, preset: 'software' | 'gpu') => suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers }, preset).learningRate;
    expect([lr(2730, 'software'), lr(4999, 'software'), lr(5000, 'software'), lr(100_000, 'software')]).toEqual([0.003, 0.003, 0.01, 0.01]);
    expect([lr(2730, 'gpu'), lr(5000, 'gpu')]).toEqual([0.0015, 0.005]);
  });

  it('keeps the baseline fixed in a small log’s towers (cann) and gives them the value weights, a larger log keeps the preset’s', () => {
    const towers = (trainUsers: number) => suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers }, 'gpu').towerInit;
    expect([towers(2730), towers(4999), towers(5000)]).toEqual(['cann', 'cann', defaultSpec('gpu').model.towerInit]);
    expect(defaultSpec('gpu').model.towerInit).toBe('baseline');
    const wide = (trainUsers: number) => suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers }, 'software').wideIds;
    expect([wide(2730), wide(4999), wide(5000)]).toEqual([true, true, defaultSpec('software').model.wideIds]);
    expect(defaultSpec('software').model.wideIds).toBe(false);
  });

  it('regularises a small log with dropout 0.2, a larger one keeps the preset’s', () => {
    const dropout = (trainUsers: number) => suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers }, 'software').dropout;
    expect([dropout(2730), dropout(4999), dropout(5000), dropout(100_000)]).toEqual([0.2, 0.2, 0, 0]);
  });

  it('stops a small log’s run after 5 evaluations without a better holdout score, a larger one never (the preset’s 0)', () => {
    const patience = (trainUsers: number, preset: 'gpu' | 'software') => suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers }, preset).patience;
    expect([patience(2730, 'software'), patience(4999, 'gpu'), patience(5000, 'software'), patience(100_000, 'gpu')]).toEqual([5, 5, 0, 0]);
    expect([defaultSpec('software').train.patience, defaultSpec('gpu').train.patience]).toEqual([0, 0]);
  });

  it('sets the patience in the spec it sizes, and reads it back as part of the size', () => {
    const size = suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers: 2730 }, 'software');
    const sized = sizedSpec(defaultSpec('software'), size);
    expect(sized.train.patience).toBe(5);
    expect(sizeOf(sized)).toEqual(size);
    // A spec that already has that size is returned as it is.
    expect(sizedSpec(sized, size)).toBe(sized);
  });

  it('evaluates about 12 times a run, at a round interval', () => {
    const every = (trainUsers: number, preset: 'gpu' | 'software') => suggestRunSize({ eventsPerUser: { p90: 10 }, trainUsers }, preset).evalEvery;
    // Online Retail: 214 steps → every 10 (21 evaluations); 200 → 10; 600 → 50; 5,000 → 250.
    expect([every(2730, 'software'), every(100, 'software'), every(100_000, 'software'), every(1_000_000, 'gpu')]).toEqual([10, 10, 50, 250]);
  });
});
