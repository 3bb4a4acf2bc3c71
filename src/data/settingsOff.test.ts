// With the real-log settings off (a version-1 link: V1_SETTINGS), the encoded arrays must be
// bit-identical to what the data path built before those settings existed (commit 703cb64):
// the digests below were taken with that code, on a log with every case the new settings
// touch (baskets of same-time rows, rows after the cutoff, IDs of one user, missing cells).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIXED_BUILDER, MIXED_MAPPING, mixedLog } from '../test/mixedLog';
import type { Dataset } from './dataset';
import { encodeEvents, type EncodeOptions } from './encode';
import { inputSettingsOf } from './buildDataset';
import { decodeHash } from '../run/link';

const digest = (a: ArrayBufferView | unknown) =>
  createHash('sha256')
    .update(ArrayBuffer.isView(a) ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : JSON.stringify(a))
    .digest('hex')
    .slice(0, 16);

function digests(d: Dataset): Record<string, string> {
  return {
    length: digest(d.length),
    tokens: digest(d.tokens),
    denseValues: digest(d.denseValues),
    timeGapBucket: digest(d.timeGapBucket),
    labels: digest(d.labels),
    labelMask: digest(d.labelMask),
    // A dense channel's lo/hi (its clip bounds, kept for scoring with a saved model, issue 10) came
    // later and change no array: the digest is of what the channels held then.
    channels: digest([d.userIds, d.discrete, d.dense.map(({ lo: _lo, hi: _hi, ...then }) => then), d.tasks, d.notes]),
  };
}

const LAST_EVENT = { ...MIXED_BUILDER, tasks: [{ name: 'bulk', kind: 'sum' as const, column: 'qty', threshold: 3 }, MIXED_BUILDER.tasks[2]] };

const CASES: [string, Partial<EncodeOptions>, boolean, Record<string, string>][] = [
  [
    'time, labels from the log, split',
    { seqLen: 4, labelBuilder: MIXED_BUILDER, split: { valFraction: 0.25, seed: 3 } },
    true,
    { length: '9d0cd7f723b2c78c', tokens: '98ccc9270f835e9a', denseValues: '8d33c9ec881a850e', timeGapBucket: 'eec8dff4b08099e0', labels: 'a54bcd6ead040414', labelMask: '40dad5db7a8a5188', channels: 'f0c3d0c84bacec62' },
  ],
  [
    'time, labels from the log, no split, minimum 2 events',
    { seqLen: 8, minEvents: 2, labelBuilder: MIXED_BUILDER },
    true,
    { length: 'cb63ce4500d13bad', tokens: '16e4d6a507a8e9f3', denseValues: 'ea2f05095e875d8d', timeGapBucket: '2bd38f36da5be866', labels: 'ac81725ff009a6eb', labelMask: '3a9624761b7cf528', channels: 'e80380cc74fa846f' },
  ],
  [
    'no time column: the last event is the window',
    { seqLen: 5, labelBuilder: LAST_EVENT, idVocabCap: 100 },
    false,
    { length: '5215e5e49b528fd3', tokens: '93f20a9029f51bb1', denseValues: '678922fa710313ba', timeGapBucket: '5cc201eb697e5702', labels: '3c45438527ab0428', labelMask: '18df6df90284225e', channels: '55bc931311f7aa26' },
  ],
];

describe('settings off', () => {
  it.each(CASES)('%s: the arrays of commit 703cb64', (_, opts, withTime, expected) => {
    const mapping = withTime ? MIXED_MAPPING : MIXED_MAPPING.filter((m) => m.role !== 'time');
    const d = encodeEvents(mixedLog(), mapping, { name: 'mixed', seqLen: 4, ...opts });
    expect(digests(d)).toEqual(expected);
    // A version-1 link's settings, given explicitly, are the same as none.
    const v1 = encodeEvents(mixedLog(), mapping, { name: 'mixed', seqLen: 4, ...opts, ...V1_INPUTS });
    expect(digests(v1)).toEqual(expected);
    expect([v1.ageBucket, v1.userFeatures, v1.userFeatureNames]).toEqual([undefined, undefined, undefined]);
  });

  it('event ages and the user summary only add inputs: the other arrays stay as they were', () => {
    const [, opts, , expected] = CASES[0];
    const d = encodeEvents(mixedLog(), MIXED_MAPPING, { name: 'mixed', seqLen: 4, ...opts, ...V1_INPUTS, eventAge: true, userSummary: true });
    expect(digests(d)).toEqual(expected);
    expect(d.ageBucket).toBeDefined();
    expect(d.userFeatures).toBeDefined();
  });
});

/** The real-log settings of a version-1 link, as build options. */
const V1_INPUTS = inputSettingsOf(decodeHash('#v=1').spec.data);

describe('V1_INPUTS', () => {
  it('are the settings off', () => {
    expect(V1_INPUTS).toEqual({ predictionTime: '', eventAge: false, userSummary: false, mergeSameTime: false, idMinUsers: 1 });
  });
});
