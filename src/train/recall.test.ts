import { describe, expect, it } from 'vitest';
import { recallAtPrecision } from './recall';

describe('recall at a fixed precision', () => {
  it('hand-worked: the lowest threshold whose precision still reaches P', () => {
    // Sorted by score: + + - + - + - -   (4 positives)
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
    const labels = [1, 1, 0, 1, 0, 1, 0, 0];
    // Cut after k items: precision 1, 1, 2/3, 3/4, 3/5, 4/6, 4/7, 4/8; recall 1/4, 2/4, 2/4, 3/4, 3/4, 1, 1, 1.
    expect(recallAtPrecision(scores, labels, 0.85)).toBe(0.5);
    expect(recallAtPrecision(scores, labels, 0.75)).toBe(0.75);
    expect(recallAtPrecision(scores, labels, 0.5)).toBe(1);
    expect(recallAtPrecision(scores, labels, 0.66)).toBe(1); // 4/6 ≥ 0.66
  });

  it('takes tied scores together', () => {
    // The top two tie, one positive and one negative: no threshold has precision 1.
    expect(recallAtPrecision([0.9, 0.9, 0.1], [1, 0, 1], 0.85)).toBe(0);
    expect(recallAtPrecision([0.9, 0.9, 0.1], [1, 0, 1], 0.5)).toBe(1); // all three: precision 2/3
    // 17 of 20 at one score: exactly 0.85; with the last three (1 of 3 positive) 18/23 is not.
    const labels = [...Array(17).fill(1), ...Array(3).fill(0), 1, 0, 0];
    expect(recallAtPrecision([...Array(20).fill(1), 0, 0, 0], labels, 0.85)).toBeCloseTo(17 / 18, 12);
  });

  it('reads only labelled users, and is null without positives', () => {
    expect(recallAtPrecision([0.9, 0.8, 0.1], [0, 1, 1], 0.85, [0, 1, 1])).toBe(1);
    expect(recallAtPrecision([0.9, 0.8], [0, 0], 0.5)).toBeNull();
    expect(recallAtPrecision([0.9, 0.8], [1, 1], 0.5, [0, 0])).toBeNull();
  });
});
