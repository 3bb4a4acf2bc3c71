// The largest device buffers a run needs, from its settings and the data's schema alone (no
// tensor made): the biggest parameters, their Adam moments (one interleaved [size, 2] buffer per
// variable on WebGPU) and the biggest activations of a step. The worker compares them with the
// adapter's maxStorageBufferBindingSize and maxBufferSize before building the model, so a model
// too big for the GPU is refused with the numbers instead of failing mid-allocation.
import { wideChannels } from './wideIds';
import { shardCount, type DatasetSchema } from '../data/dataset';
import type { RunSpec } from '../run/runSpec';
import { embeddingDim } from './mfp';

/** Users per evaluation forward pass (trainer.ts EVAL_CHUNK). */
const EVAL_USERS = 256;
const FLOAT = 4;

export interface BufferNeed {
  /** What the buffer holds, in the words of the settings. */
  what: string;
  bytes: number;
}

/** The largest buffers of a run, largest first. */
export function largestBuffers(spec: RunSpec, schema: DatasetSchema): BufferNeed[] {
  const m = spec.model;
  const d = m.dModel;
  const e = embeddingDim(d);
  const needs: BufferNeed[] = [];
  const param = (what: string, size: number) => {
    needs.push({ what, bytes: size * FLOAT });
    needs.push({ what: `Adam's moments of ${what}`, bytes: 2 * size * FLOAT });
  };
  const shards = schema.discrete.map((c) => shardCount(c.kind, c.vocabSize, schema.idShardRows));
  const stackedRows = schema.discrete.reduce((a, c, i) => a + (shards[i] === 1 ? c.vocabSize : 0), 0) + schema.timeGapBuckets + schema.seqLen + schema.ageBuckets;
  param(`the stacked embedding tables (${stackedRows} rows × ${e})`, stackedRows * e);
  const shardRows = Math.max(0, ...schema.discrete.map((c, i) => (shards[i] > 1 ? Math.min(schema.idShardRows ?? c.vocabSize, c.vocabSize) : 0)));
  if (shardRows > 0) param(`one ID table shard (${shardRows} rows × ${e})`, shardRows * e);
  const wideRows = m.wideIds ? Math.max(0, ...wideChannels(schema).map((i) => schema.discrete[i].vocabSize)) : 0;
  if (wideRows > 0) param(`the towers' weights on one column's values (${wideRows} rows × ${schema.tasks.length} tasks)`, wideRows * schema.tasks.length);
  param(`the expert FFN weights of a block (E ${m.numExperts} × d_model ${d} × FFN width ${m.ffnHidden})`, m.numExperts * d * m.ffnHidden);
  param(`the expert attention weights of a block (3 × E ${m.numExperts} × d_model ${d} × ${d})`, 3 * m.numExperts * d * d);
  const users = Math.max(spec.train.batchSize, EVAL_USERS);
  const tokens = users * schema.seqLen;
  needs.push({ what: `the FFN activations of a step (${users} users × N ${schema.seqLen} × FFN width ${m.ffnHidden})`, bytes: tokens * m.ffnHidden * FLOAT });
  needs.push({ what: `the attention scores of a step (${users} users × ${m.numHeads} heads × N ${schema.seqLen} × N)`, bytes: users * m.numHeads * schema.seqLen * schema.seqLen * FLOAT });
  return needs.sort((a, b) => b.bytes - a.bytes);
}

/** The device limits the buffers must fit in. */
export interface BufferLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Why the run does not fit the adapter (the largest buffer, its size and the limits), or null when it fits. */
export function oversize(spec: RunSpec, schema: DatasetSchema, limits: BufferLimits): string | null {
  const limit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const [largest] = largestBuffers(spec, schema);
  if (!largest || largest.bytes <= limit) return null;
  return (
    `This model is too big for this GPU, so it was not built: ${largest.what} needs a buffer of ${mib(largest.bytes)} (${largest.bytes} bytes), ` +
    `and this adapter allows at most ${mib(limits.maxStorageBufferBindingSize)} per bound buffer (maxStorageBufferBindingSize ${limits.maxStorageBufferBindingSize}) ` +
    `and ${mib(limits.maxBufferSize)} per buffer (maxBufferSize ${limits.maxBufferSize}). ` +
    'Lower d_model, the FFN width, the experts E, the batch size or N (or the ID vocabulary cap / shard rows), then train again.'
  );
}
