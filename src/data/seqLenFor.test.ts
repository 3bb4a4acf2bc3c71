// A dropped file's N follows from its events per user (src/data/runSize.ts): the build asks for
// it once those are counted, and lays the dataset out once, the same as a build at that N.
import { describe, expect, it } from 'vitest';
import { MIXED_BUILDER, MIXED_MAPPING, mixedLog } from '../test/mixedLog';
import type { RunSizeInput } from './runSize';
import { encodeEvents } from './encode';
import { splitUsers } from './split';

const OPTS = { name: 'mixed', labelBuilder: MIXED_BUILDER, split: { valFraction: 0.25, seed: 3 }, eventAge: true, userSummary: true, mergeSameTime: true };

describe('seqLenFor', () => {
  it('is asked once, with the counted events per user and training users, and the build is the one at the N it gives', () => {
    const asked: RunSizeInput[] = [];
    const sized = encodeEvents(mixedLog(), MIXED_MAPPING, { ...OPTS, seqLen: 16, seqLenFor: (data) => (asked.push(data), 3) });
    const direct = encodeEvents(mixedLog(), MIXED_MAPPING, { ...OPTS, seqLen: 3 });
    expect(asked).toHaveLength(1);
    expect(asked[0].eventsPerUser).toEqual(direct.eventsPerUser);
    // The split the build fits its vocabularies on.
    expect(asked[0].trainUsers).toBe(splitUsers(direct.numUsers, 0.25, 3).train.length);
    expect(sized.seqLen).toBe(3);
    expect(sized).toEqual(direct);
  });
});
