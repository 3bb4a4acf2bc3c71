import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * result[row, c..c+3] = Σ updates[t, c..c+3] over the t with indices[t] = row, in increasing t:
 * the thread of the first such t (and column group) adds them all, walking on until it has
 * seen the row's count, and is the row's only writer: the same bits on every run. The output
 * comes zero-filled.
 */
export class SumByFirstUpdateProgram extends ThreadPerItemProgram {
  variableNames = ['updates', 'indices', 'stats'];

  constructor(numUpdates: number, numRows: number, rowSize: number) {
    super('scatterSumByFirstUpdate', numUpdates * Math.ceil(rowSize / 4), [numRows, rowSize], [], 'numUpdates : i32, numRows : i32, rowSize : i32, ');
  }

  protected body(): string {
    return `
    let groups = (uniforms.rowSize + 3) / 4;
    let t = item / groups;
    let c = (item % groups) * 4;
    let row = i32(indices[t]);
    if (row < 0 || row >= uniforms.numRows || i32(stats[row]) != t) {
      return;
    }
    let count = i32(stats[uniforms.numRows + row]) - uniforms.numUpdates;
    var acc = vec4<f32>(0.0);
    var found = 0;
    for (var u = t; u < uniforms.numUpdates && found < count; u++) {
      if (i32(indices[u]) == row) {
        found++;
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
