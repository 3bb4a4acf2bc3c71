// Vocabularies of discrete channels: PAD 0, OOV 1, values by descending frequency (first
// seen first on ties), a cap and a minimum of users for ID channels, and hashed OOV buckets
// for IDs left out.
import { describe, expect, it } from 'vitest';
import type { DiscreteKind } from '../run/channelKinds';
import { encodeDiscrete, hashString, OOV_BUCKETS, type Layout } from './channels';
import { FIRST_TOKEN, OOV_TOKEN } from './dataset';
import type { StoredDiscrete } from './eventStore';

const column = (kind: DiscreteKind, cells: (string | null)[]): StoredDiscrete => {
  const values = [...new Set(cells.filter((c): c is string => c !== null))];
  return { name: 'c', kind, input: true, values, codes: Int32Array.from(cells, (c) => (c === null ? -1 : values.indexOf(c))) };
};
const iota = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
/** n events, one slot each; `seqLen` slots per user, so events 0..seqLen-1 are user 0's. */
const layout = (n: number, fit = new Uint8Array(n).fill(1), seqLen = n): Layout => ({ events: iota(n), slots: iota(n), positions: iota(n), fit, seqLen });

function encode(c: StoredDiscrete, l: Layout, cap = Infinity, minUsers = 1) {
  const tokens = new Int32Array(l.events.length);
  const channel = encodeDiscrete(c, l, { cap, minUsers }, 0, 1, tokens);
  return { channel, tokens: Array.from(tokens) };
}

describe('encodeDiscrete', () => {
  it('orders values by frequency, first seen first on ties; missing is OOV', () => {
    const { channel, tokens } = encode(column('category', ['b', 'a', null, 'c', 'a', 'c', 'd']), layout(7));
    expect(channel).toMatchObject({ values: ['a', 'c', 'b', 'd'], vocabSize: FIRST_TOKEN + 4 });
    expect(channel.oovBuckets).toBeUndefined();
    expect(tokens).toEqual([4, 2, OOV_TOKEN, 3, 2, 3, 5]);
  });

  it('sends IDs past the cap to hashed OOV buckets, the same bucket for the same ID', () => {
    const { channel, tokens } = encode(column('id', ['x', 'y', 'y', 'z', 'z', 'z', 'x', 'w']), layout(8), 2);
    // x and y tie at two: x was seen first.
    expect(channel.values).toEqual(['z', 'x']);
    expect(channel.oovBuckets).toBe(OOV_BUCKETS);
    expect(channel.vocabSize).toBe(FIRST_TOKEN + 2 + OOV_BUCKETS);
    const bucket = (v: string) => FIRST_TOKEN + 2 + (hashString(v) % OOV_BUCKETS);
    expect(tokens).toEqual([3, bucket('y'), bucket('y'), 2, 2, 2, 3, bucket('w')]);
  });

  it('fits the vocabulary on training users only: validation-only IDs are hashed, not known', () => {
    const fit = Uint8Array.from([1, 1, 1, 0, 0]);
    const { channel, tokens } = encode(column('id', ['a', 'b', 'a', 'b', 'v']), layout(5, fit));
    expect(channel.values).toEqual(['a', 'b']);
    expect(tokens.slice(3)).toEqual([3, FIRST_TOKEN + 2 + (hashString('v') % OOV_BUCKETS)]);
  });

  describe('ID minimum users (data.idMinUsers)', () => {
    // Three users of 3 events each; the last user is a validation user.
    const cells = ['a', 'inv1', 'b', /* user 1 */ 'a', 'b', 'inv2', /* user 2 */ 'a', 'c', 'c', /* validation */ 'a', 'b', 'inv3'];
    const fit = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);

    it('sends a value fewer than k training users have to the OOV buckets, however often they have it', () => {
      const { channel, tokens } = encode(column('id', cells), layout(12, fit, 3), Infinity, 2);
      // a: 3 users, b: 2, c: twice but one user, inv1/inv2: one user each.
      expect(channel.values).toEqual(['a', 'b']);
      expect(channel.tooFewUsers).toBe(3);
      expect(channel.oovBuckets).toBe(OOV_BUCKETS);
      const bucket = (v: string) => FIRST_TOKEN + 2 + (hashString(v) % OOV_BUCKETS);
      expect(tokens).toEqual([2, bucket('inv1'), 3, 2, 3, bucket('inv2'), 2, bucket('c'), bucket('c'), 2, 3, bucket('inv3')]);
      // k = 3 keeps a only.
      expect(encode(column('id', cells), layout(12, fit, 3), Infinity, 3).channel.values).toEqual(['a']);
    });

    it('with k = 1 keeps every value seen in training, by frequency, as without the rule', () => {
      const { channel } = encode(column('id', cells), layout(12, fit, 3), Infinity, 1);
      expect(channel.values).toEqual(['a', 'b', 'c', 'inv1', 'inv2']);
      expect(channel.tooFewUsers).toBeUndefined();
    });

    it('does not apply to category channels', () => {
      const { channel } = encode(column('category', cells), layout(12, fit, 3), Infinity, 3);
      expect(channel.values).toHaveLength(5);
      expect(channel.tooFewUsers).toBeUndefined();
    });
  });
});
