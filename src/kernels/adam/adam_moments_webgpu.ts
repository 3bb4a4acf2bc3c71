import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../moe/webgpu/programUtil';

const WORKGROUP = 64;

/**
 * Adam's moment update for every element of one variable, m and v interleaved as a vec2:
 *   m' = β1 · m + (1 − β1) · g,   v' = β2 · v + (1 − β2) · g²
 * One dispatch where tfjs's Adam runs six kernels (mul, mul, add; square, mul, mul, add).
 * The β's are uniforms, not baked in: one shader serves every run.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class AdamMomentsProgram implements WebGPUProgram {
  variableNames = ['moments', 'gradient'];
  variableComponents = [2, 1];
  outputShape: number[];
  outputComponent = 2;
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = 'numElements : i32, beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, ';
  shaderKey = `adamMoments_wg${WORKGROUP}`;

  constructor(numElements: number) {
    this.outputShape = [numElements, 2];
    this.dispatch = linearGrid(Math.ceil(numElements / WORKGROUP));
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
    let g = f32(gradient[index]);
    result[index] = vec2<f32>(
      mv.x * uniforms.beta1 + g * uniforms.oneMinusBeta1,
      mv.y * uniforms.beta2 + (g * g) * uniforms.oneMinusBeta2);
  }
`;
  }
}
