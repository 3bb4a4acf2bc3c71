import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../moe/webgpu/programUtil';

const WORKGROUP = 64;

/**
 * Adam's step on one variable from its updated moments, with bias correction:
 *   value' = value − lr · m̂ / (sqrt(v̂) + ε),   m̂ = m' / (1 − β1^t),  v̂ = v' / (1 − β2^t)
 * One dispatch where tfjs's Adam runs seven (div, div, sqrt, add, div, mul, add). The
 * per-step scalars are uniforms, so the shader compiles once.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class AdamApplyProgram implements WebGPUProgram {
  variableNames = ['moments', 'value'];
  variableComponents = [2, 1];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numElements : i32, oneMinusAccBeta1 : f32, oneMinusAccBeta2 : f32, epsilon : f32, negLearningRate : f32, ';
  shaderKey = `adamApply_wg${WORKGROUP}`;

  constructor(shape: number[]) {
    this.outputShape = shape;
    this.dispatch = linearGrid(Math.ceil(shape.reduce((a, b) => a * b, 1) / WORKGROUP));
  }

  getUserCode(): string {
    return `
  ${linearWorkgroupWgsl}
  fn main() {
    let index = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (index >= uniforms.numElements) {
      return;
    }
    let mv = moments[index];
    let mHat = mv.x / uniforms.oneMinusAccBeta1;
    let vHat = mv.y / uniforms.oneMinusAccBeta2;
    result[index] = (mHat / (sqrt(vHat) + uniforms.epsilon)) * uniforms.negLearningRate + f32(value[index]);
  }
`;
  }
}
