import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Adam's moment update for every element of one variable, m and v interleaved as a vec2:
 *   m' = β1 · m + (1 − β1) · g,   v' = β2 · v + (1 − β2) · g²
 * One dispatch where tfjs's Adam runs six kernels (mul, mul, add; square, mul, mul, add).
 * The β's are uniforms, not baked in: one shader serves every run. The gradient is read through
 * f32(): tfjs-webgpu casts int32 to float32 without converting the buffer.
 */
export class AdamMomentsProgram extends ThreadPerItemProgram {
  variableNames = ['moments', 'gradient'];
  variableComponents = [2, 1];
  outputComponent = 2;

  constructor(numElements: number) {
    super('adamMoments', numElements, [numElements, 2], [], 'beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, ');
  }

  protected body(): string {
    return `
    let mv = moments[item];
    let g = f32(gradient[item]);
    result[item] = vec2<f32>(
      mv.x * uniforms.beta1 + g * uniforms.oneMinusBeta1,
      mv.y * uniforms.beta2 + (g * g) * uniforms.oneMinusBeta2);`;
  }
}
