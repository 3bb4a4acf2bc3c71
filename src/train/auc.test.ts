import { describe, expect, it } from 'vitest';
import { tinyDataset } from '../test/tinyDataset';
import { exactAuc, oracleAuc } from './auc';

describe('exactAuc', () => {
  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(exactAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toMatchObject({ defined: true, auc: 1 });
    expect(exactAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toMatchObject({ defined: true, auc: 0 });
  });

  it('counts ties half (hand-worked: 3 pos, 2 neg)', () => {
    // pairs (pos, neg): 0.5 vs 0.5 tie, 0.5 vs 0.1 win; 0.7 beats both; 0.1 vs 0.5 loss, 0.1 vs 0.1 tie
    // wins = 0.5 + 1 + 1 + 1 + 0 + 0.5 = 4 of 6
    const r = exactAuc([0.5, 0.7, 0.1, 0.5, 0.1], [1, 1, 1, 0, 0]);
    expect(r.defined && r.auc).toBeCloseTo(4 / 6, 12);
  });

  it('is 0.5 when every score is equal', () => {
    expect(exactAuc([3, 3, 3, 3], [1, 0, 1, 0])).toMatchObject({ defined: true, auc: 0.5 });
  });

  it('ignores examples without a label (task indicator 0)', () => {
    const r = exactAuc([0.9, 0.1, 0.95, 0.0], [1, 0, 0, 1], [1, 1, 0, 0]);
    expect(r).toMatchObject({ defined: true, auc: 1, positives: 1, negatives: 1 });
  });

  it('is undefined, with a reason, when one class only', () => {
    const r = exactAuc([0.1, 0.4], [1, 1]);
    expect(r.defined).toBe(false);
    if (!r.defined) expect(r.reason).toMatch(/only positive labels/);
    expect(exactAuc([], []).defined).toBe(false);
  });

  it('refuses a NaN score instead of returning NaN', () => {
    const r = exactAuc([NaN, 0.4], [1, 0]);
    expect(r.defined).toBe(false);
  });
});

describe('oracleAuc', () => {
  const d = tinyDataset({ users: 40, seqLen: 4, seed: 3 });
  const K = d.tasks.length;

  it("is the exact AUC of the true probabilities on the given users, where labelled", () => {
    const users = Int32Array.from({ length: 20 }, (_, i) => 2 * i);
    const prob = Float32Array.from({ length: d.numUsers * K }, (_, i) => (i * 7919) % 101);
    const col = (a: ArrayLike<number>, k: number) => Array.from(users, (u) => a[u * K + k]);
    for (let k = 0; k < K; k++) {
      const r = exactAuc(col(prob, k), col(d.labels, k), col(d.labelMask, k));
      expect(oracleAuc({ ...d, trueProb: prob }, users, k)).toBe(r.defined ? r.auc : null);
    }
  });

  it('is null without true probabilities (a user’s file)', () => {
    expect(oracleAuc({ ...d, trueProb: undefined }, [0, 1, 2], 0)).toBeNull();
  });
});
