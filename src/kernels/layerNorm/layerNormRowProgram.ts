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
 * The LayerNorm programs with one thread per row of `width` (forward, input gradient): both
 * bake in the width and ε (constant trip counts) and recompute the row's statistics with
 * rowStats(item).
 */
export abstract class LayerNormRowProgram extends ThreadPerItemProgram {
  protected constructor(
    name: string,
    numRows: number,
    protected readonly width: number,
    private readonly epsilon: number,
  ) {
    super(name, numRows, [numRows, width], [`width${width}`, `eps${epsilon}`]);
  }

  protected override helpers(): string {
    return rowStatsWgsl(this.width, this.epsilon);
  }
}
