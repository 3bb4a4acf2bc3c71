import { describe, expect, it } from 'vitest';
import { describeSite } from './sites';

describe('routed sites in words', () => {
  it('names the attention projections and the feed-forward layers of each block', () => {
    expect(describeSite('block0.msa.q', 4).short).toBe('attention Q, block 1');
    expect(describeSite('block0.msa.q', 4).long).toMatch(/query projection.*one of 4 projection matrices/);
    expect(describeSite('block1.msa.v', 8).long).toMatch(/^block1\.msa\.v: block 2, .*value projection/);
    expect(describeSite('block0.ffn2', 4)).toMatchObject({ short: 'feed-forward 2, block 1' });
    expect(describeSite('block0.ffn1', 4).long).toMatch(/one of 4 expert MLPs/);
  });

  it('still says something of a site it does not know', () => {
    expect(describeSite('towers.gate', 3)).toEqual({ short: 'towers.gate', long: 'towers.gate: a routed site with 3 experts.' });
  });
});
