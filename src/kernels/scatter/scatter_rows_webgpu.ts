import { ThreadPerItemProgram } from '../threadPerItemProgram';

/**
 * first[row] = the lowest update index t with indices[t] = row (rows no update reaches keep
 * their fill, numUpdates). An integer atomicMin: unlike float atomic adds, its result does not
 * depend on the order the threads run in.
 */
export class FirstUpdateProgram extends ThreadPerItemProgram {
  variableNames = ['indices'];
  atomic = true;

  constructor(numUpdates: number, numRows: number) {
    super('scatterFirstUpdate', numUpdates, [numRows], [], 'numRows : i32, ');
  }

  protected body(): string {
    return `
    let row = i32(indices[item]);
    if (row >= 0 && row < uniforms.numRows) {
      atomicMin(&result[row], item);
    }`;
  }
}

/**
 * result[row, c..c+3] = Σ updates[t, c..c+3] over the t with indices[t] = row, in increasing t:
 * the thread of the first such t (and column group) adds them all and is the row's only
 * writer, so the sum is the same bits on every run. The output comes zero-filled.
 */
export class SumByFirstUpdateProgram extends ThreadPerItemProgram {
  variableNames = ['updates', 'indices', 'first'];

  constructor(numUpdates: number, numRows: number, rowSize: number) {
    super('scatterSumByFirstUpdate', numUpdates * Math.ceil(rowSize / 4), [numRows, rowSize], [], 'numUpdates : i32, numRows : i32, rowSize : i32, ');
  }

  protected body(): string {
    return `
    let groups = (uniforms.rowSize + 3) / 4;
    let t = item / groups;
    let c = (item % groups) * 4;
    let row = i32(indices[t]);
    if (row < 0 || row >= uniforms.numRows || i32(first[row]) != t) {
      return;
    }
    var acc = vec4<f32>(0.0);
    for (var u = t; u < uniforms.numUpdates; u++) {
      if (i32(indices[u]) == row) {
        let at = u * uniforms.rowSize + c;
        acc += vec4<f32>(f32(updates[at]), f32(updates[min(at + 1, at + uniforms.rowSize - c - 1)]),
                         f32(updates[min(at + 2, at + uniforms.rowSize - c - 1)]), f32(updates[min(at + 3, at + uniforms.rowSize - c - 1)]));
      }
    }
    let out = row * uniforms.rowSize + c;
    result[out] = acc.x;
    if (c + 1 < uniforms.rowSize) {
      result[out + 1] = acc.y;
    }
    if (c + 2 < uniforms.rowSize) {
      result[out + 2] = acc.z;
    }
    if (c + 3 < uniforms.rowSize) {
      result[out + 3] = acc.w;
    }`;
  }
}
