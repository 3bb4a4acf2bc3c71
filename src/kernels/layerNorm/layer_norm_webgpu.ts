import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * WGSL: mean and 1/sqrt(var + ε) of row `row` of `x` (two passes, as the tfjs-ops reference).
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export function rowStatsWgsl(width: number, epsilon: number): string {
  return `
  fn rowStats(row : i32) -> vec2<f32> {
    let base = row * ${width};
    var sum = 0.0;
    for (var j = 0; j < ${width}; j++) {
      sum += f32(x[base + j]);
    }
    let mean = sum / ${width}.0;
    var squares = 0.0;
    for (var j = 0; j < ${width}; j++) {
      let c = f32(x[base + j]) - mean;
      squares += c * c;
    }
    return vec2<f32>(mean, inverseSqrt(squares / ${width}.0 + ${epsilon.toExponential()}));
  }
`;
}

/**
 * LayerNorm forward, one thread per row: y = (x − mean) · rsqrt(var + ε) · gain.
 * Model rows are short (d_model ≤ a few hundred), so one thread walking its row beats tfjs's
 * workgroup per row and per reduction (two Means, each with shared memory and barriers): no
 * barriers, one dispatch, every row in parallel. The width and ε are baked in (constant trip
 * counts).
 */
export class LayerNormProgram extends ThreadPerItemProgram {
  variableNames = ['x', 'gain'];

  constructor(
    numRows: number,
    private readonly width: number,
    private readonly epsilon: number,
  ) {
    super('layerNorm', numRows, [numRows, width], [`width${width}`, `eps${epsilon}`]);
  }

  protected override helpers(): string {
    return rowStatsWgsl(this.width, this.epsilon);
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
