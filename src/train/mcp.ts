// Masked channel prediction (README §Model 3.1), the data side: which channels are MCP tasks, and a
// batch of users with a random share of each chosen channel's real events masked. Masking
// happens here, on the CPU, before upload: a masked position's value is not in the model's
// input at all (its token becomes PAD, its dense value 0, and the model puts that channel's
// learned [MASK] there), so nothing downstream can read the answer. The one unmasked copy
// the data has — the time-gap bucket embedding, derived from the dense time_gap channel — is
// masked with it.
import * as tf from '@tensorflow/tfjs-core';
import { PAD_TOKEN, type Dataset } from '../data/dataset';
import { TIME_GAP_CHANNEL } from '../data/channels';
import type { McpBatch, McpChannel } from '../model/mcpBatch';
import type { Rng } from '../util/rng';
import { batchArrays, inputTensors, uploadBatch } from './batch';

/** The MCP tasks of `names` (empty = every input channel); unknown names are an error that lists the known ones. */
export function mcpChannels(d: Dataset, names: string[], vocabCap: number): McpChannel[] {
  const all: McpChannel[] = [
    ...d.discrete.map((c, index) => {
      const capped = c.vocabSize > vocabCap;
      return { name: c.name, kind: c.kind, index, classes: capped ? vocabCap : c.vocabSize, capped };
    }),
    ...d.dense.map((c, index) => ({ name: c.name, kind: 'dense' as const, index, classes: 0, capped: false })),
  ];
  if (names.length === 0) return all;
  const unknown = names.filter((n) => !all.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`MCP channels ${unknown.join(', ')} are not in the data; its channels are ${all.map((c) => c.name).join(', ')}.`);
  return all.filter((c) => names.includes(c.name));
}

/** The softmax class of a token: itself below the cap, else the "rarer value" class. */
export function mcpClass(c: McpChannel, token: number): number {
  return c.capped && token >= c.classes - 1 ? c.classes - 1 : token;
}

/**
 * Prediction slots per channel and batch: above the expected rate·(real events), so that a
 * mask is practically never dropped, and fixed, so that the heads only score the masked
 * positions (a 1000-class softmax over every event would cost several times the encoder)
 * with shapes that do not change from batch to batch.
 */
export function mcpSlots(B: number, N: number, rate: number): number {
  return Math.max(1, Math.ceil(1.25 * rate * B * N));
}

/** A batch of `users` with each channel of `channels` masked at a `rate` share of the real events, drawn from `rng`. */
export function maskBatch(d: Dataset, users: ArrayLike<number>, channels: McpChannel[], rate: number, rng: Rng): McpBatch {
  const a = batchArrays(d, users);
  const B = users.length;
  const N = d.seqLen;
  const M = d.discrete.length;
  const D = d.dense.length;
  const C = channels.length;
  const { tokens, dense, timeGap, valid } = a;
  const where = new Float32Array(B * N * (M + 1));
  const denseWhere = new Float32Array(B * N * D);
  const P = mcpSlots(B, N, rate);
  const masked = new Float32Array(B * N * C);
  const positions = new Int32Array(C * P);
  const slotWeights = new Float32Array(C * P);
  const targets = new Float32Array(C * P);
  const counts = new Array<number>(C).fill(0);
  const gapIndex = d.dense.findIndex((c) => c.name === TIME_GAP_CHANNEL);
  for (let t = 0; t < B * N; t++) {
    channels.forEach((c, i) => {
      const dense_ = c.kind === 'dense';
      // One draw per (position, channel), padding included, so a user's masks do not depend on its neighbours' lengths.
      const hit = rng.next() < rate;
      if (!hit || valid[t] === 0 || counts[i] === P) return;
      const slot = i * P + counts[i]++;
      positions[slot] = t;
      slotWeights[slot] = 1;
      targets[slot] = dense_ ? dense[t * D + c.index] : mcpClass(c, tokens[t * M + c.index]);
      masked[t * C + i] = 1;
      if (dense_) {
        denseWhere[t * D + c.index] = 1;
        dense[t * D + c.index] = 0;
        if (c.index === gapIndex) {
          where[t * (M + 1) + M] = 1;
          timeGap[t] = 0;
        }
      } else {
        where[t * (M + 1) + c.index] = 1;
        tokens[t * M + c.index] = PAD_TOKEN;
      }
    });
  }
  // Uploaded after masking: the original values never reach the device.
  const { labels, labelMask, ...inputs } = uploadBatch(d, a);
  tf.dispose([labels, labelMask]);
  const out: McpBatch = {
    inputs,
    where: tf.tensor2d(where, [B * N, M + 1]),
    denseWhere: tf.tensor3d(denseWhere, [B, N, D]),
    positions: tf.tensor2d(positions, [C, P], 'int32'),
    slotWeights: tf.tensor2d(slotWeights, [C, P]),
    targets: tf.tensor2d(targets, [C, P]),
    targetValues: targets,
    counts,
    masked,
    dispose: () => tf.dispose([...inputTensors(inputs), out.where, out.denseWhere, out.positions, out.slotWeights, out.targets]),
  };
  return out;
}
