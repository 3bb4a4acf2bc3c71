// data.holdoutUnseen: the vocabularies (and the summary's normalisation) are fitted without the
// early-stopping holdout's users, so a holdout user's rare value is OOV as a validation user's is.
import { describe, expect, it } from 'vitest';
import { MIXED_BUILDER, MIXED_MAPPING, mixedLog } from '../test/mixedLog';
import { FIRST_TOKEN, type Dataset } from './dataset';
import { encodeEvents } from './encode';
import { earlyStopHoldout } from './holdout';
import { splitUsers } from './split';

const OPTS = { name: 'mixed', seqLen: 8, labelBuilder: MIXED_BUILDER, split: { valFraction: 0.25, seed: 3 }, userSummary: true, idMinUsers: 15 };
const SHARE = 0.3;

/** Per known value of channel c, the distinct `users` whose events hold it. */
function holders(d: Dataset, c: number, users: Int32Array): Int32Array {
  const counts = new Int32Array(d.discrete[c].values.length);
  const M = d.discrete.length;
  for (const u of users) {
    const held = new Set<number>();
    for (let e = 0; e < d.length[u]; e++) held.add(d.tokens[(u * d.seqLen + e) * M + c]);
    for (const t of held) if (t >= FIRST_TOKEN && t < FIRST_TOKEN + counts.length) counts[t - FIRST_TOKEN]++;
  }
  return counts;
}

describe('the early-stopping holdout unseen by the vocabularies (data.holdoutUnseen)', () => {
  const table = mixedLog(120, 5);
  const seen = encodeEvents(table, MIXED_MAPPING, OPTS);
  const unseen = encodeEvents(table, MIXED_MAPPING, { ...OPTS, split: { ...OPTS.split, unseenHoldout: SHARE } });
  const { train } = splitUsers(seen.numUsers, 0.25, 3);
  const fitted = earlyStopHoldout(train, SHARE, 3).train;
  const item = seen.discrete.findIndex((c) => c.name === 'item');

  it('keeps an ID value only when enough of the users trained on hold it', () => {
    // Without it, some known values are known only through holdout users (else this test says nothing).
    expect(holders(seen, item, fitted).some((n) => n < 15)).toBe(true);
    expect(holders(unseen, item, fitted).every((n) => n >= 15)).toBe(true);
    expect(unseen.discrete[item].values.length).toBeLessThan(seen.discrete[item].values.length);
  });

  it('changes nothing else: the users, labels and sequence lengths are the same', () => {
    expect(unseen.userIds).toEqual(seen.userIds);
    expect(unseen.labels).toEqual(seen.labels);
    expect(unseen.length).toEqual(seen.length);
    // The share 0 is the build without it.
    const zero = encodeEvents(table, MIXED_MAPPING, { ...OPTS, split: { ...OPTS.split, unseenHoldout: 0 } });
    expect(zero.tokens).toEqual(seen.tokens);
    expect(zero.userFeatures).toEqual(seen.userFeatures);
  });
});
