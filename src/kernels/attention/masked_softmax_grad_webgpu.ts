import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../moe/webgpu/programUtil';

const WORKGROUP = 64;

/**
 * Gradient of the attention softmax w.r.t. the scores, one thread per row:
 *   dScores[r, j] = p[r, j] · (dp[r, j] − Σ_k dp[r, k] · p[r, k])
 * (tfjs's autodiff of softmax runs a Mul, a workgroup-per-row Sum, a Sub and a Mul).
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class MaskedSoftmaxGradProgram implements WebGPUProgram {
  variableNames = ['dp', 'p'];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numRows : i32, ';
  shaderKey: string;

  constructor(
    numRows: number,
    private readonly width: number,
  ) {
    this.outputShape = [numRows, width];
    this.dispatch = linearGrid(Math.ceil(numRows / WORKGROUP));
    this.shaderKey = `maskedSoftmaxGrad_width${width}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const w = this.width;
    return `
  ${linearWorkgroupWgsl}
  fn main() {
    let row = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (row >= uniforms.numRows) {
      return;
    }
    let base = row * ${w};
    var dot = 0.0;
    for (var j = 0; j < ${w}; j++) {
      dot += f32(dp[base + j]) * f32(p[base + j]);
    }
    for (var j = 0; j < ${w}; j++) {
      result[base + j] = f32(p[base + j]) * (f32(dp[base + j]) - dot);
    }
  }
`;
  }
}
