import { describe, expect, it } from 'vitest';
import { earlyStopHoldout } from '../data/holdout';
import { EarlyStopping, selectionScore } from './earlyStopping';
import { holdoutSplit } from './lambda';

/** A stand-in checkpoint that records whether it was freed. */
function kept(step: number) {
  return { step, disposed: false, dispose() { this.disposed = true; } };
}

/** Feeds `scores` as the evaluations after steps 10, 20, …; returns the early stopping and what it took. */
function run(scores: (number | null)[], patience = 0) {
  const es = new EarlyStopping<ReturnType<typeof kept>>(patience);
  const taken: ReturnType<typeof kept>[] = [];
  const stops: boolean[] = [];
  scores.forEach((score, i) => {
    es.observe(score, () => {
      taken.push(kept(10 * (i + 1)));
      return taken.at(-1)!;
    });
    stops.push(es.stop);
  });
  return { es, taken, stops };
}

describe('early stopping', () => {
  it('scores the mean holdout AUC of the trained tasks whose AUC is defined', () => {
    expect(selectionScore([0.7, 0.8, null], [true, true, true])).toBeCloseTo(0.75, 15);
    expect(selectionScore([0.7, 0.8, 0.9], [false, true, false])).toBe(0.8);
    expect(selectionScore([null, 0.8], [true, false])).toBeNull();
  });

  it('keeps the best step, the earlier on a tie, and frees each checkpoint it replaces', () => {
    const { es, taken } = run([0.6, 0.7, 0.65, 0.7, 0.72, 0.71]);
    expect(es.chosenStep).toBe(50);
    expect(taken.map((c) => c.step)).toEqual([10, 20, 50]); // 0.7 at step 40 ties step 20: not taken
    expect(taken.map((c) => c.disposed)).toEqual([true, true, false]);
    es.dispose();
    expect(taken[2].disposed).toBe(true);
    expect(es.chosenStep).toBeNull();
  });

  it('stops after `patience` scored evaluations without a better score; never with patience 0', () => {
    expect(run([0.6, 0.7, 0.7, 0.69, 0.8], 2).stops).toEqual([false, false, false, true, false]);
    expect(run([0.6, 0.5, 0.5, 0.5], 0).stops.some((s) => s)).toBe(false);
  });

  it('an evaluation without a score neither chooses nor counts toward the patience', () => {
    const { es, stops } = run([null, 0.6, null, null, 0.5], 2);
    expect(es.chosenStep).toBe(20);
    expect(stops).toEqual([false, false, false, false, false]);
    expect(run([null, null]).es.chosenStep).toBeNull();
  });

  it('holds out a seeded share of the training users, disjoint from the λ holdout taken after it', () => {
    const train = Int32Array.from({ length: 200 }, (_, i) => 2 * i);
    const a = earlyStopHoldout(train, 0.15, 7);
    expect(a.holdout).toHaveLength(30);
    expect(a.train).toHaveLength(170);
    expect(earlyStopHoldout(train, 0.15, 7)).toEqual(a);
    expect(earlyStopHoldout(train, 0.15, 8).holdout).not.toEqual(a.holdout);
    const { train: trained, tune } = holdoutSplit(a.train, 0.1, 7);
    const sets = [a.holdout, tune, trained].map((s) => new Set(s));
    expect(sets.reduce((n, s) => n + s.size, 0)).toBe(200);
    expect(new Set([...a.holdout, ...tune, ...trained]).size).toBe(200);
  });
});
