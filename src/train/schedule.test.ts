import { describe, expect, it } from 'vitest';
import { COSINE_FLOOR, learningRateAt, learningRateSchedule, scaled, warmupSteps } from './schedule';

const base = 0.01;
const rates = (schedule: 'constant' | 'cosine', warmup: number, steps: number) => Array.from({ length: steps }, (_, i) => learningRateAt(i + 1, { learningRate: base, schedule, warmup }, steps));

describe('learning-rate schedule', () => {
  it('constant without warm-up is the base rate itself at every step', () => {
    const rate = learningRateSchedule({ learningRate: base, schedule: 'constant', warmup: 0 }, 300);
    for (const t of [1, 2, 150, 300, 301]) expect(Object.is(rate(t), base)).toBe(true);
  });

  it('warms up linearly over round(warmup × steps) steps: step t ≤ W trains at base·t/W', () => {
    expect(warmupSteps(0.05, 300)).toBe(15);
    const r = rates('constant', 0.05, 300);
    expect(r[0]).toBeCloseTo(base / 15, 15);
    expect(r[6]).toBeCloseTo((base * 7) / 15, 15);
    expect(r[14]).toBe(base);
    expect(r.slice(15).every((x) => x === base)).toBe(true);
  });

  it('cosine decays from the base rate at the end of warm-up to a tenth at the last step, monotonically', () => {
    const r = rates('cosine', 0.1, 100);
    expect(r[9]).toBe(base);
    expect(r[99]).toBeCloseTo(base * COSINE_FLOOR, 15);
    const mid = 10 + 45; // half-way through the decay: the middle of base and base/10
    expect(r[mid - 1]).toBeCloseTo((base + base * COSINE_FLOOR) / 2, 12);
    for (let i = 10; i < 100; i++) expect(r[i]).toBeLessThan(r[i - 1]);
    const noWarmup = rates('cosine', 0, 50);
    expect(noWarmup[0]).toBeLessThan(base);
    expect(noWarmup[0]).toBeGreaterThan(0.999 * base);
    expect(noWarmup[49]).toBeCloseTo(base * COSINE_FLOOR, 15);
  });

  it('leaves a step after warm-up; a one-step phase trains at the base rate', () => {
    expect(warmupSteps(0.5, 2)).toBe(1);
    expect(warmupSteps(0.5, 1)).toBe(0);
    expect(rates('cosine', 0.5, 1)).toEqual([base * COSINE_FLOOR]);
    expect(rates('constant', 0.5, 1)).toEqual([base]);
  });

  it('the schedule function is learningRateAt, and a scaled one follows it', () => {
    const s = { learningRate: base, schedule: 'cosine' as const, warmup: 0.05 };
    const rate = learningRateSchedule(s, 200);
    const low = scaled(rate, 0.1);
    for (const t of [1, 10, 11, 100, 200]) {
      expect(rate(t)).toBe(learningRateAt(t, s, 200));
      expect(low(t)).toBe(rate(t) * 0.1);
    }
  });
});
