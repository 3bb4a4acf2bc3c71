import { describe, expect, it } from 'vitest';
import { parseNumber } from './numberText';

describe('numbers as typed', () => {
  it('reads decimals, negatives and exponents as written', () => {
    expect(parseNumber('2.5')).toEqual({ ok: true, value: 2.5 });
    expect(parseNumber('-5')).toEqual({ ok: true, value: -5 });
    expect(parseNumber(' 1e3 ')).toEqual({ ok: true, value: 1000 });
    expect(parseNumber('.5')).toEqual({ ok: true, value: 0.5 });
  });

  it('refuses text with why, never NaN or 0', () => {
    expect(parseNumber('')).toEqual({ ok: false, error: 'is empty: enter a number' });
    expect(parseNumber('thirty')).toEqual({ ok: false, error: "'thirty' is not a number" });
    expect(parseNumber('2,5')).toEqual({ ok: false, error: "'2,5' is not a number (use a point for decimals: 2.5)" });
    expect(parseNumber('1e400')).toEqual({ ok: false, error: "'1e400' is too large a number" });
    expect(parseNumber('-')).toMatchObject({ ok: false });
  });

  it('checks a rule when given one', () => {
    expect(parseNumber('2.5', { integer: true })).toEqual({ ok: false, error: '2.5 is not a whole number' });
    expect(parseNumber('-1', { min: 0 })).toEqual({ ok: false, error: '-1 is below the minimum, 0' });
    expect(parseNumber('0', { above: 0 })).toEqual({ ok: false, error: 'must be more than 0' });
    expect(parseNumber('3', { integer: true, min: 1 })).toEqual({ ok: true, value: 3 });
  });
});
