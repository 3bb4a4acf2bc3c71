import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Sums of table rows, one thread per (token, 4 columns):
 *   out[t, j] = Σ_s table[rows[t, s], j]
 * The lookups of a token's S channels and their sum in one pass: no [T, S, d] gather output.
 * `rows` is int32, read through i32() (tfjs-webgpu may bind it as float storage). d is a
 * multiple of 4 (vec4 loads and stores); S is baked in.
 */
export class GatherSumProgram extends ThreadPerItemProgram {
  variableNames = ['table', 'rows'];
  variableComponents = [4, 1];
  outputComponent = 4;

  constructor(
    numTokens: number,
    private readonly slots: number,
    private readonly width: number,
  ) {
    super('gatherSum', (numTokens * width) / 4, [numTokens, width], [`s${slots}`, `d${width}`]);
  }

  protected body(): string {
    const [S, w] = [this.slots, this.width / 4];
    return `
    let t = item / ${w};
    let j = item % ${w};
    var acc = vec4<f32>(0.0);
    for (var s = 0; s < ${S}; s++) {
      acc += table[i32(rows[t * ${S} + s]) * ${w} + j];
    }
    result[item] = acc;`;
  }
}
