// The oversize check: a run's largest buffers from its settings alone, and a refusal that names
// the buffer, its size and both adapter limits (or nothing when the run fits).
import { describe, expect, it } from 'vitest';
import type { DatasetSchema } from '../data/dataset';
import { defaultSpec } from '../run/runSpec';
import { largestBuffers, oversize } from './footprint';

const schema: DatasetSchema = {
  discrete: [
    { name: 'event', kind: 'category', vocabSize: 12 },
    { name: 'item', kind: 'id', vocabSize: 200_000 },
  ],
  dense: [{ name: 'amount' }],
  tasks: [{ name: 'churn' }],
  seqLen: 32,
  timeGapBuckets: 16,
  idShardRows: 65_536,
  ageBuckets: 32,
  userFeatures: 0,
};
const SWIFTSHADER = { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30 };

describe('largestBuffers / oversize', () => {
  it('sizes the experts, the ID shards and their Adam moments from the settings', () => {
    const spec = defaultSpec('gpu');
    const needs = largestBuffers(spec, schema);
    const ffn = 8 * 64 * 256 * 4;
    expect(needs.find((n) => n.what.startsWith('the expert FFN weights'))?.bytes).toBe(ffn);
    expect(needs.find((n) => n.what.startsWith("Adam's moments of the expert FFN"))?.bytes).toBe(2 * ffn);
    // The 200,000-row ID table is stored as shards of 65,536 rows × 32.
    expect(needs.find((n) => n.what.startsWith("Adam's moments of one ID table shard"))?.bytes).toBe(2 * 65_536 * 32 * 4);
    expect(needs.map((n) => n.bytes)).toEqual([...needs.map((n) => n.bytes)].sort((a, b) => b - a));
    expect(oversize(spec, schema, SWIFTSHADER)).toBeNull();
  });

  it('refuses a model whose largest buffer exceeds a limit, with the numbers', () => {
    const spec = defaultSpec('gpu');
    spec.model = { ...spec.model, dModel: 1024, numExperts: 64, ffnHidden: 8192 };
    const why = oversize(spec, schema, SWIFTSHADER)!;
    // Adam's interleaved moments of the experts: 2 × 64 × 1024 × 8192 floats = 4 GiB.
    expect(why).toContain("Adam's moments of the expert FFN weights of a block (E 64 × d_model 1024 × FFN width 8192) needs a buffer of 4096.0 MiB");
    expect(why).toContain('maxStorageBufferBindingSize 1073741824');
    expect(why).toContain('maxBufferSize 1073741824');
    // The smaller of the two limits decides.
    expect(oversize(defaultSpec('gpu'), schema, { maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 20 })).toContain('maxBufferSize 1048576');
  });
});
