import { describe, expect, it } from 'vitest';
import { FIRST_TOKEN, OOV_TOKEN } from './dataset';
import { buildVocabulary, tokenOf } from './vocab';

describe('buildVocabulary', () => {
  it('orders values by descending frequency, ties in first-seen order, after PAD and OOV', () => {
    const v = buildVocabulary(['b', 'a', null, 'c', 'a', 'c', 'd']);
    expect(v.values).toEqual(['a', 'c', 'b', 'd']);
    expect(v.vocabSize).toBe(FIRST_TOKEN + 4);
    expect(tokenOf(v, 'a')).toBe(FIRST_TOKEN);
    expect(tokenOf(v, null)).toBe(OOV_TOKEN);
    expect(tokenOf(v, 'unseen')).toBe(OOV_TOKEN);
  });

  it('caps the vocabulary, sending the rarest values to OOV', () => {
    const v = buildVocabulary(['x', 'y', 'y', 'z', 'z', 'z'], 2);
    expect(v.values).toEqual(['z', 'y']);
    expect(tokenOf(v, 'x')).toBe(OOV_TOKEN);
  });
});
