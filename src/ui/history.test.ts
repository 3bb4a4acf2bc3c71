import { describe, expect, it } from 'vitest';
import { downsample, loadFractions, median, recentLoad, systemSeries } from './history';
import type { StepMetrics } from '../train/metrics';

const step = (i: number, counts: number[], dropped = 0): StepMetrics => ({
  step: i,
  loss: 1 / i,
  taskLoss: [null],
  balanceLoss: 0.01,
  zLoss: 0,
  routing: [{ site: 'block0.ffn1', counts, dropped }],
  tokens: 100,
  stepMs: 50,
});

describe('chart series', () => {
  it('downsamples thousands of points to at most max, keeping the last exactly', () => {
    const points = Array.from({ length: 5000 }, (_, i) => ({ step: i + 1, y: i % 2 === 0 ? 0 : 1, z: null }));
    const out = downsample(points, 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.at(-1)).toEqual(points.at(-1));
    expect(out[0].y).toBeCloseTo(0.5, 1);
    expect(out[0].z).toBeNull();
    expect(downsample(points.slice(0, 10), 300)).toHaveLength(10);
  });

  it('turns counts into load fractions and averages recent steps', () => {
    expect(loadFractions([1, 3, 0, 0])).toEqual([0.25, 0.75, 0, 0]);
    expect(loadFractions([0, 0])).toEqual([0, 0]);
    const steps = [step(1, [10, 0]), step(2, [0, 10]), step(3, [5, 5])];
    expect(recentLoad(steps, 2).get('block0.ffn1')).toEqual([0.25, 0.75]);
  });

  it('reports the dropped share of routed tokens and tokens per second', () => {
    const s = systemSeries([step(1, [60, 40], 10)])[0];
    expect(s.droppedFraction).toBeCloseTo(0.1);
    expect(s.tokensPerSecond).toBeCloseTo(2000);
  });

  it('takes medians', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
