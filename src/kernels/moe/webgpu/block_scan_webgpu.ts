import { ThreadPerItemProgram } from '../../webgpu/threadPerItemProgram';

/**
 * Per expert, the tokens routed to it in earlier blocks, one thread per expert walking the
 * RouteProgram's numBlocks × E count table once, in block order:
 *   before[b, e] = Σ_{b' < b} blockCounts[b', e]      total[e] = Σ_b blockCounts[b, e]
 * Done once here, every positions workgroup reads its row in O(E) instead of re-deriving it
 * from the whole table (O(numBlocks · E) per workgroup, quadratic in the tokens).
 * Output (int32): [before (numBlocks × E) | total (E)].
 */
export class BlockScanProgram extends ThreadPerItemProgram {
  variableNames = ['routing'];

  constructor(numExperts: number, numBlocks: number) {
    super('moeBlockScan', numExperts, [(numBlocks + 1) * numExperts], [], 'numTokens : i32, numBlocks : i32, ');
  }

  protected body(): string {
    return `
    let numExperts = uniforms.numItems;
    let counts = 2 * uniforms.numTokens;
    var sum = 0;
    for (var b = 0; b < uniforms.numBlocks; b++) {
      result[b * numExperts + item] = sum;
      sum += routing[counts + b * numExperts + item];
    }
    result[uniforms.numBlocks * numExperts + item] = sum;`;
  }
}
