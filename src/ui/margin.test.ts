import { describe, expect, it } from 'vitest';
import { marginText } from './margin';

describe('the margin over the baseline, as the task table shows it', () => {
  it('is ×100 with a sign, and its 95 % interval is ±1.96 standard errors', () => {
    expect(marginText({ diff: 0.0016, se: 0.005 })).toBe('+0.2 (−0.8 to +1.1)');
    expect(marginText({ diff: -0.012, se: 0.001 })).toBe('−1.2 (−1.4 to −1.0)');
    expect(marginText({ diff: 0, se: 0 })).toBe('+0.0 (+0.0 to +0.0)');
  });

  it('is a dash without a margin (no baseline, or one class only)', () => {
    expect(marginText(null)).toBe('—');
    expect(marginText(undefined)).toBe('—');
  });
});
