import type { DataType } from '@tensorflow/tfjs-core';
import { ROUTE_BLOCK, routeUniformDecl } from './routeLayout';
import { GridProgram } from '../../webgpu/gridProgram';
import { ceilDiv } from '../../webgpu/program';

/**
 * Top-1 routing of one block of ROUTE_BLOCK tokens per workgroup, one thread per token:
 *   - expert[t] = argmax_e logits[t, e] (lowest index on ties, as tf.argMax), -1 for padding;
 *   - rank[t]   = earlier tokens of the same block routed to the same expert;
 *   - blockCounts[b, e] = tokens of block b routed to e.
 * The positions kernel turns ranks + block counts into global slots, so the order in which
 * tokens claim slots is fixed by token index, never by atomics.
 * Output (int32): [expert (T) | rank (T) | blockCounts (numBlocks × E)].
 */
export class RouteProgram extends GridProgram {
  variableNames = ['logits', 'valid'];

  constructor(numTokens: number, numExperts: number, validDtype: DataType) {
    const numBlocks = ceilDiv(numTokens, ROUTE_BLOCK);
    super({
      shaderKey: `moeRoute_block${ROUTE_BLOCK}_valid${validDtype}`,
      outputShape: [2 * numTokens + numBlocks * numExperts],
      dispatch: [numBlocks, 1, 1],
      workgroupSize: [ROUTE_BLOCK, 1, 1],
      uniforms: routeUniformDecl,
    });
  }

  getUserCode(): string {
    return `
  const BLOCK : i32 = ${ROUTE_BLOCK};
  var<workgroup> blockExperts : array<i32, ${ROUTE_BLOCK}>;

  fn main() {
    let numTokens = uniforms.numTokens;
    let numExperts = uniforms.numExperts;
    let lid = i32(localId.x);
    let block = i32(workgroupId.x);
    let t = block * BLOCK + lid;

    var expert = -1;
    if (t < numTokens && valid[t] != 0) {
      // Strict '>' scanning upwards keeps the lowest index on ties.
      var best = logits[t * numExperts];
      expert = 0;
      for (var e = 1; e < numExperts; e++) {
        let p = logits[t * numExperts + e];
        if (p > best) {
          best = p;
          expert = e;
        }
      }
    }
    blockExperts[lid] = expert;
    workgroupBarrier();

    if (t < numTokens) {
      var rank = 0;
      for (var j = 0; j < lid; j++) {
        rank += select(0, 1, blockExperts[j] == expert);
      }
      result[t] = expert;
      result[numTokens + t] = rank;
    }
    for (var e = lid; e < numExperts; e += BLOCK) {
      var count = 0;
      for (var j = 0; j < BLOCK; j++) {
        count += select(0, 1, blockExperts[j] == e);
      }
      result[2 * numTokens + block * numExperts + e] = count;
    }
  }
`;
  }
}
