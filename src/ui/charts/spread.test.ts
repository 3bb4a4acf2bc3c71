import { describe, expect, it } from 'vitest';
import { spreadLabels } from './spread';

describe('labels spread at a chart’s edge', () => {
  it('leaves labels that do not overlap where they are', () => {
    expect(spreadLabels([10, 50, 90], 12, 0, 200)).toEqual([10, 50, 90]);
  });

  it('pushes close labels apart, keeping their order', () => {
    const out = spreadLabels([52, 50, 51, 53], 12, 0, 200);
    const sorted = [...out].sort((a, b) => a - b);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k] - sorted[k - 1]).toBeGreaterThanOrEqual(12);
    expect(out[1]).toBe(50); // the highest (smallest y) stays put
    expect(out[1] < out[2] && out[2] < out[0] && out[0] < out[3]).toBe(true);
  });

  it('stays within the plot', () => {
    const out = spreadLabels([198, 199, 200], 12, 0, 200);
    expect(Math.max(...out)).toBeLessThanOrEqual(200);
    expect(out).toEqual([176, 188, 200]);
  });
});
