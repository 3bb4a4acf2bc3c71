import { LayerNormRowProgram } from './layerNormRowProgram';

/**
 * LayerNorm input gradient, one thread per row. With x̂ = (x − mean) · r, r = rsqrt(var + ε),
 * g = dy · gain:  dx = (g − mean(g) − x̂ · mean(g · x̂)) · r.
 * The row statistics are recomputed from x (a row is short): cheaper than saving them from the
 * forward, whose program has a single output. Reads go through f32() (see rowStatsWgsl).
 */
export class LayerNormGradProgram extends LayerNormRowProgram {
  variableNames = ['dy', 'x', 'gain'];

  constructor(numRows: number, width: number, epsilon: number) {
    super('layerNormGrad', numRows, width, epsilon);
  }

  protected body(): string {
    const w = this.width;
    return `
    let stats = rowStats(item);
    let base = item * ${w};
    var sumG = 0.0;
    var sumGx = 0.0;
    for (var j = 0; j < ${w}; j++) {
      let g = f32(dy[base + j]) * f32(gain[j]);
      sumG += g;
      sumGx += g * (f32(x[base + j]) - stats.x) * stats.y;
    }
    let meanG = sumG / ${w}.0;
    let meanGx = sumGx / ${w}.0;
    for (var j = 0; j < ${w}; j++) {
      let xHat = (f32(x[base + j]) - stats.x) * stats.y;
      result[base + j] = (f32(dy[base + j]) * f32(gain[j]) - meanG - xHat * meanGx) * stats.y;
    }`;
  }
}
