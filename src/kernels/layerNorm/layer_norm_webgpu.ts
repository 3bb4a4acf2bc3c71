import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../moe/webgpu/programUtil';

const WORKGROUP = 64;

/** WGSL: mean and 1/sqrt(var + ε) of row `row` of `x` (two passes, as the tfjs-ops reference). */
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
 * barriers, one dispatch, every row in parallel.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class LayerNormProgram implements WebGPUProgram {
  variableNames = ['x', 'gain'];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numRows : i32, ';
  shaderKey: string;

  /** The width and ε are baked in: the row loops then have constant trip counts. */
  constructor(
    numRows: number,
    private readonly width: number,
    private readonly epsilon: number,
  ) {
    this.outputShape = [numRows, width];
    this.dispatch = linearGrid(Math.ceil(numRows / WORKGROUP));
    this.shaderKey = `layerNorm_width${width}_eps${epsilon}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    return `
  ${linearWorkgroupWgsl}
  ${rowStatsWgsl(this.width, this.epsilon)}
  fn main() {
    let row = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (row >= uniforms.numRows) {
      return;
    }
    let stats = rowStats(row);
    let base = row * ${this.width};
    for (var j = 0; j < ${this.width}; j++) {
      result[base + j] = (f32(x[base + j]) - stats.x) * stats.y * f32(gain[j]);
    }
  }
`;
  }
}
