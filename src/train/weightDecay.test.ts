import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaOf } from '../data/dataset';
import { buildModel } from '../model/buildModel';
import { McpHeads } from '../model/mcpHeads';
import { MODEL_TYPE_KEYS } from '../run/modelTypes';
import { defaultSpec } from '../run/runSpec';
import { tinyDataset } from '../test/tinyDataset';
import { mcpChannels } from './mcp';
import { decayedVariables, isDecayedParam } from './weightDecay';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const dataset = tinyDataset({ users: 20, seqLen: 6, seed: 1 });

describe('which parameters weight decay shrinks', () => {
  it('the weight matrices and embedding tables; not biases, LayerNorm gains or the dense [MASK] values', () => {
    for (const name of ['mfp.tables', 'mfp.item.shard0', 'mfp.projection', 'block0.msa.qkv.w', 'block0.msa.router', 'block1.ffn2.w1', 'towers.w', 'mmoe.gates', 'ple0.taskGates', 'mcp.mask.embedding', 'mcp.head.denseW']) {
      expect(isDecayedParam(name, 2), name).toBe(true);
    }
    for (const [name, rank] of [['towers.b', 1], ['mmoe.experts.b1', 3], ['mfp.norm.gain', 1], ['block0.ffn1.norm.gain', 1], ['mcp.head.denseB', 1], ['mcp.mask.dense', 1], ['x.bias', 2]] as const) {
      expect(isDecayedParam(name, rank), name).toBe(false);
    }
  });

  it('in every model type and the MCP heads, a decayed parameter is a matrix or more and every vector keeps its value', () => {
    const spec = defaultSpec('software');
    const params = MODEL_TYPE_KEYS.map((type) => buildModel({ ...spec.model, type, dModel: 8, numHeads: 2, numBlocks: 2, numExperts: 2, ffnHidden: 8 }, schemaOf(dataset), 1));
    const heads = new McpHeads(mcpChannels(dataset, [], 100), { discrete: dataset.discrete.length, dense: dataset.dense.length, dModel: 8 }, 1);
    const all = [...params.map((m) => m.params), heads.params];
    for (const p of all) {
      const decayed = decayedVariables(p);
      for (const [name, v] of p.entries()) {
        if (decayed.has(v.name)) expect(v.rank, name).toBeGreaterThanOrEqual(2);
        if (v.rank === 1 || /\.(gain|b\d*)$/.test(name)) expect(decayed.has(v.name), name).toBe(false);
      }
      expect(decayed.size).toBeGreaterThan(0);
    }
    params.forEach((m) => m.dispose());
    heads.dispose();
  });
});
