import { describe, expect, it } from 'vitest';
import { valuesText, valuesTitle } from './valueText';

const w = {
  task: 'jumbo',
  raises: [
    { column: 'StockCode', value: 'JUMBO BAG RED RETROSPOT AND MORE WORDS', weight: 0.4123 },
    { column: 'StockCode', value: 'JUMBO BAG PINK', weight: 0.3 },
    { column: 'Country', value: 'UK', weight: 0.05 },
    { column: 'StockCode', value: 'MUG', weight: 0.01 },
  ],
  lowers: [{ column: 'Country', value: 'France', weight: -0.2 }],
};

describe('the value weights, as the task table shows them', () => {
  it('lists the three values that raise the task most, long values cut', () => {
    expect(valuesText(w)).toBe('JUMBO BAG RED RETROSPOT AND… +0.41, JUMBO BAG PINK +0.30, UK +0.05');
  });

  it('is a dash without value weights or without a value that raises the task', () => {
    expect(valuesText(undefined)).toBe('—');
    expect(valuesText({ ...w, raises: [] })).toBe('—');
  });

  it('the tooltip lists every value with its column, raising then lowering', () => {
    expect(valuesTitle(w).split('\n')).toEqual([
      'StockCode = JUMBO BAG RED RETROSPOT AND MORE WORDS: +0.412',
      'StockCode = JUMBO BAG PINK: +0.300',
      'Country = UK: +0.050',
      'StockCode = MUG: +0.010',
      'Country = France: −0.200',
    ]);
    expect(valuesTitle(undefined)).toBe('');
  });
});
