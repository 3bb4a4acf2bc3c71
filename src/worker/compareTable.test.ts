import { describe, expect, it } from 'vitest';
import { bestPerColumn, type CompareTable } from './compareTable';

describe('compare table', () => {
  it('marks the best AUC of every column, ties included', () => {
    const r = (aucs: (number | null)[]) => ({ model: 'mmoe' as const, pretrained: false, parameters: 1, stepMs: 1, tasks: aucs.map((auc) => ({ auc, recall: [] })) });
    const table: CompareTable = { tasks: ['a', 'b', 'c'], rows: [r([0.7, 0.8, null]), r([0.75, 0.8, null])], alone: null, oracle: [] };
    expect(bestPerColumn(table)).toEqual([[1], [0, 1], null]);
  });
});
