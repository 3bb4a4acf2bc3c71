import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Per row, from the updates that reach it: stats[row] = the lowest update index t, and
 * stats[numRows + row] = numUpdates + how many (rows no update reaches keep the fill,
 * numUpdates, in both). Integer atomicMin and atomicAdd: unlike float atomic adds, their
 * results do not depend on the order the threads run in.
 */
export class RowStatsProgram extends ThreadPerItemProgram {
  variableNames = ['indices'];
  atomic = true;

  constructor(numUpdates: number, numRows: number) {
    super('scatterRowStats', numUpdates, [2 * numRows], [], 'numRows : i32, ');
  }

  protected body(): string {
    return `
    let row = i32(indices[item]);
    if (row >= 0 && row < uniforms.numRows) {
      atomicMin(&result[row], item);
      atomicAdd(&result[uniforms.numRows + row], 1);
    }`;
  }
}
