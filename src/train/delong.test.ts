import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { exactAuc } from './auc';

const aucOf = (s: number[], y: number[]) => {
  const r = exactAuc(s, y);
  if (!r.defined) throw new Error(r.reason);
  return r.auc;
};
import { pairedAucDifference } from './delong';

/** DeLong's variance of AUC(a) − AUC(b) by its definition, pair by pair (O(m·n)). */
function bruteForce(a: number[], b: number[], y: number[]): { diff: number; se: number } {
  const pos = y.flatMap((l, i) => (l > 0.5 ? [i] : []));
  const neg = y.flatMap((l, i) => (l > 0.5 ? [] : [i]));
  const psi = (s: number[], i: number, j: number) => (s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0);
  const v10 = (s: number[]) => pos.map((i) => neg.reduce((t, j) => t + psi(s, i, j), 0) / neg.length);
  const v01 = (s: number[]) => neg.map((j) => pos.reduce((t, i) => t + psi(s, i, j), 0) / pos.length);
  const sampleVar = (x: number[]) => {
    const m = x.reduce((s, v) => s + v, 0) / x.length;
    return x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
  };
  const d10 = v10(a).map((v, i) => v - v10(b)[i]);
  const d01 = v01(a).map((v, i) => v - v01(b)[i]);
  const diff = d10.reduce((s, v) => s + v, 0) / d10.length;
  return { diff, se: Math.sqrt(sampleVar(d10) / pos.length + sampleVar(d01) / neg.length) };
}

describe('paired DeLong: AUC difference and its standard error', () => {
  it('matches a hand-checked example (ties included) and an independent implementation', () => {
    const y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 1];
    const a = [0.9, 0.8, 0.3, 0.5, 0.4, 0.2, 0.1, 0.5, 0.35, 0.7];
    const b = [0.7, 0.2, 0.6, 0.5, 0.5, 0.3, 0.1, 0.4, 0.8, 0.7];
    const r = pairedAucDifference(a, b, y)!;
    // AUCs 0.86 and 0.66 (5 positives × 5 negatives); the SE from a NumPy implementation of DeLong.
    expect(aucOf(a, y)).toBeCloseTo(0.86, 12);
    expect(aucOf(b, y)).toBeCloseTo(0.66, 12);
    expect(r.diff).toBeCloseTo(0.2, 12);
    expect(r.se).toBeCloseTo(0.24698178070456944, 12);
  });

  it('agrees with the pair-by-pair definition on random scores with ties, and with exact AUCs', () => {
    const rng = createRng(5);
    const n = 120;
    const y = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const a = y.map((l) => Math.round((l + rng.normal()) * 4) / 4); // quarter steps: many ties
    const b = y.map((l, i) => Math.round((0.5 * l + 0.5 * a[i] + rng.normal()) * 4) / 4);
    const r = pairedAucDifference(a, b, y)!;
    const ref = bruteForce(a, b, y);
    expect(r.diff).toBeCloseTo(ref.diff, 12);
    expect(r.se).toBeCloseTo(ref.se, 12);
    expect(r.diff).toBeCloseTo(aucOf(a, y) - aucOf(b, y), 12);
  });

  it('reads only the users with a label, and has nothing to say without two of each class', () => {
    const y = [1, 0, 1, 0, 1, 0];
    const a = [0.9, 0.1, 0.8, 0.3, 0.2, 0.7];
    const b = [0.5, 0.5, 0.6, 0.2, 0.9, 0.1];
    const mask = [1, 1, 1, 1, 0, 0];
    const masked = pairedAucDifference(a, b, y, mask)!;
    const ref = bruteForce(a.slice(0, 4), b.slice(0, 4), y.slice(0, 4));
    expect(masked.diff).toBeCloseTo(ref.diff, 12);
    expect(masked.se).toBeCloseTo(ref.se, 12);
    expect(pairedAucDifference(a, b, y, [1, 1, 1, 0, 0, 0])).toBeNull();
    // The same scorer twice: no difference, no spread.
    expect(pairedAucDifference(a, a, y)).toEqual({ diff: 0, se: 0 });
  });
});
