import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Adam's step on one variable from its updated moments, with bias correction:
 *   value' = value − lr · m̂ / (sqrt(v̂) + ε),   m̂ = m' / (1 − β1^t),  v̂ = v' / (1 − β2^t)
 * One dispatch where tfjs's Adam runs seven (div, div, sqrt, add, div, mul, add). The
 * per-step scalars are uniforms, so the shader compiles once. The value is read through f32()
 * (see AdamMomentsProgram).
 */
export class AdamApplyProgram extends ThreadPerItemProgram {
  variableNames = ['moments', 'value'];
  variableComponents = [2, 1];

  constructor(numElements: number) {
    super('adamApply', numElements, [numElements], [], 'oneMinusAccBeta1 : f32, oneMinusAccBeta2 : f32, epsilon : f32, negLearningRate : f32, ');
  }

  protected body(): string {
    return `
    let mv = moments[item];
    let mHat = mv.x / uniforms.oneMinusAccBeta1;
    let vHat = mv.y / uniforms.oneMinusAccBeta2;
    result[item] = (mHat / (sqrt(vHat) + uniforms.epsilon)) * uniforms.negLearningRate + f32(value[item]);`;
  }
}
