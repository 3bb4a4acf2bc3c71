// Vocabularies of discrete channels: PAD 0, OOV 1, values by descending frequency (first
// seen first on ties), a cap for ID channels, and hashed OOV buckets for IDs left out.
import { describe, expect, it } from 'vitest';
import type { DiscreteKind } from '../run/channelKinds';
import { encodeDiscrete, hashString, OOV_BUCKETS, type Layout } from './channels';
import { FIRST_TOKEN, OOV_TOKEN } from './dataset';
import type { StoredDiscrete } from './eventStore';

const column = (kind: DiscreteKind, cells: (string | null)[]): StoredDiscrete => {
  const values = [...new Set(cells.filter((c): c is string => c !== null))];
  return { name: 'c', kind, input: true, values, codes: Int32Array.from(cells, (c) => (c === null ? -1 : values.indexOf(c))) };
};
const layout = (n: number, fit = new Uint8Array(n).fill(1)): Layout => ({ events: Int32Array.from({ length: n }, (_, i) => i), slots: Int32Array.from({ length: n }, (_, i) => i), fit });

function encode(c: StoredDiscrete, l: Layout, cap = Infinity) {
  const tokens = new Int32Array(l.events.length);
  const channel = encodeDiscrete(c, l, cap, 0, 1, tokens);
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
});
