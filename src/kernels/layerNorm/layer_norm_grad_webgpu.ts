import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../moe/webgpu/programUtil';
import { rowStatsWgsl } from './layer_norm_webgpu';

const WORKGROUP = 64;

/**
 * LayerNorm input gradient, one thread per row. With x̂ = (x − mean) · r, r = rsqrt(var + ε),
 * g = dy · gain:  dx = (g − mean(g) − x̂ · mean(g · x̂)) · r.
 * The row statistics are recomputed from x (a row is short): cheaper than saving them from the
 * forward, whose program has a single output.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class LayerNormGradProgram implements WebGPUProgram {
  variableNames = ['dy', 'x', 'gain'];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numRows : i32, ';
  shaderKey: string;

  constructor(
    numRows: number,
    private readonly width: number,
    private readonly epsilon: number,
  ) {
    this.outputShape = [numRows, width];
    this.dispatch = linearGrid(Math.ceil(numRows / WORKGROUP));
    this.shaderKey = `layerNormGrad_width${width}_eps${epsilon}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const w = this.width;
    return `
  ${linearWorkgroupWgsl}
  ${rowStatsWgsl(w, this.epsilon)}
  fn main() {
    let row = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (row >= uniforms.numRows) {
      return;
    }
    let stats = rowStats(row);
    let base = row * ${w};
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
    }
  }
`;
  }
}
