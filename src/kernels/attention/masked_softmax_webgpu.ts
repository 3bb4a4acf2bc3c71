import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../moe/webgpu/programUtil';

const WORKGROUP = 64;

/**
 * Attention probabilities, one thread per score row:
 *   p[r, j] = softmax over j of (scores[r, j] + keyBias[batch(r), j]),  batch(r) = r / rowsPerBatch
 * keyBias is 0 at real keys and a large negative number at padding. An attention row is short
 * (one per key, N ≤ a few hundred), so a thread per row beats tfjs's workgroup per row (an Add,
 * then a Softmax with shared-memory reductions and barriers): one dispatch, no barriers.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class MaskedSoftmaxProgram implements WebGPUProgram {
  variableNames = ['scores', 'keyBias'];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numRows : i32, rowsPerBatch : i32, ';
  shaderKey: string;

  /** The row width is baked in (constant trip counts); it is the sequence length of a run. */
  constructor(
    numRows: number,
    private readonly width: number,
  ) {
    this.outputShape = [numRows, width];
    this.dispatch = linearGrid(Math.ceil(numRows / WORKGROUP));
    this.shaderKey = `maskedSoftmax_width${width}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const w = this.width;
    return `
  ${linearWorkgroupWgsl}
  fn score(base : i32, biasBase : i32, j : i32) -> f32 {
    return f32(scores[base + j]) + f32(keyBias[biasBase + j]);
  }

  fn main() {
    let row = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (row >= uniforms.numRows) {
      return;
    }
    let base = row * ${w};
    let biasBase = (row / uniforms.rowsPerBatch) * ${w};
    var top = score(base, biasBase, 0);
    for (var j = 1; j < ${w}; j++) {
      top = max(top, score(base, biasBase, j));
    }
    var sum = 0.0;
    for (var j = 0; j < ${w}; j++) {
      sum += exp(score(base, biasBase, j) - top);
    }
    for (var j = 0; j < ${w}; j++) {
      result[base + j] = exp(score(base, biasBase, j) - top) / sum;
    }
  }
`;
  }
}
