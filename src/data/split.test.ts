import { describe, expect, it } from 'vitest';
import { DataError } from './rawTable';
import { splitUsers } from './split';

describe('splitUsers', () => {
  it('splits every user once, by the requested share', () => {
    const { train, val } = splitUsers(1000, 0.2, 7);
    expect(val.length).toBe(200);
    expect(train.length).toBe(800);
    const all = [...train, ...val].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(splitUsers(500, 0.2, 3)).toEqual(splitUsers(500, 0.2, 3));
    expect(Array.from(splitUsers(500, 0.2, 3).val)).not.toEqual(Array.from(splitUsers(500, 0.2, 4).val));
  });

  it('returns ascending indices', () => {
    const { train, val } = splitUsers(300, 0.3, 1);
    for (const a of [train, val]) for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
  });

  it('keeps a user on each side of a tiny split', () => {
    expect(splitUsers(2, 0.01, 1).val.length).toBe(1);
    expect(splitUsers(2, 0.99, 1).train.length).toBe(1);
  });

  it('rejects fewer than 2 users or a share outside (0, 1)', () => {
    expect(() => splitUsers(1, 0.2, 1)).toThrow(DataError);
    expect(() => splitUsers(10, 0, 1)).toThrow(/between 0 and 1/);
    expect(() => splitUsers(10, Number.NaN, 1)).toThrow(DataError);
  });
});
