import { LayerNormRowProgram } from './layerNormRowProgram';

/**
 * LayerNorm forward, one thread per row: y = (x − mean) · rsqrt(var + ε) · gain.
 * Model rows are short (d_model ≤ a few hundred), so one thread walking its row beats tfjs's
 * workgroup per row and per reduction (two Means, each with shared memory and barriers): no
 * barriers, one dispatch, every row in parallel. The width and ε are baked in (constant trip
 * counts).
 */
export class LayerNormProgram extends LayerNormRowProgram {
  variableNames = ['x', 'gain'];

  constructor(numRows: number, width: number, epsilon: number) {
    super('layerNorm', numRows, width, epsilon);
  }

  protected body(): string {
    return `
    let stats = rowStats(item);
    let base = item * ${this.width};
    for (var j = 0; j < ${this.width}; j++) {
      result[base + j] = (f32(x[base + j]) - stats.x) * stats.y * f32(gain[j]);
    }`;
  }
}
