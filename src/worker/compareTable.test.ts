import { describe, expect, it } from 'vitest';
import { baselineIndex, bestPerColumn, type CompareTable } from './compareTable';

const result = (auc: number | null) => ({ auc, recall: [] });
const r = (aucs: (number | null)[]) => ({ model: 'mmoe' as const, pretrained: false, parameters: 1, stepMs: 1, tasks: aucs.map(result) });

describe('compare table', () => {
  it('marks the best AUC of every column, ties included', () => {
    const table: CompareTable = { tasks: ['a', 'b', 'c'], rows: [r([0.7, 0.8, null]), r([0.75, 0.8, null])], alone: null, oracle: [], baseline: null };
    expect(bestPerColumn(table)).toEqual([[1], [0, 1], null]);
  });

  it('the baseline row competes for the best of each column, after the model rows', () => {
    const table: CompareTable = { tasks: ['a', 'b', 'c'], rows: [r([0.7, 0.8, null]), r([0.75, 0.8, null])], alone: null, oracle: [], baseline: [0.76, 0.8, 0.6].map(result) };
    expect(baselineIndex(table)).toBe(2);
    expect(bestPerColumn(table)).toEqual([[2], [0, 1, 2], [2]]);
  });
});
