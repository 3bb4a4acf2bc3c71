import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Adam's step on one variable from its updated moments, with bias correction and, for a
 * variable that decays (AdamW), the decoupled weight decay:
 *   value' = value − η·decay·value − η · m̂ / (sqrt(v̂) + ε),   m̂ = m' / (1 − β1^t),  v̂ = v' / (1 − β2^t)
 * One dispatch where tfjs's Adam runs seven (div, div, sqrt, add, div, mul, add). The
 * per-step scalars are uniforms, so the shader compiles once per variant. Whether the variable
 * decays is baked in: a variable that does not runs exactly the WGSL of Adam without decay, so
 * its values are the same to the bit. The value is read through f32() (see AdamMomentsProgram).
 */
export class AdamApplyProgram extends ThreadPerItemProgram {
  variableNames = ['moments', 'value'];
  variableComponents = [2, 1];

  constructor(
    numElements: number,
    private readonly decay: boolean,
  ) {
    super('adamApply', numElements, [numElements], decay ? ['decay'] : [], 'oneMinusAccBeta1 : f32, oneMinusAccBeta2 : f32, epsilon : f32, negLearningRate : f32, learningRateDecay : f32, ');
  }

  protected body(): string {
    // decay: w − w·(η·decay), i.e. w·(1 − η·decay) as AdamW shrinks it, before the update is added.
    const value = this.decay ? '(w - w * uniforms.learningRateDecay)' : 'w';
    return `
    let mv = moments[item];
    let mHat = mv.x / uniforms.oneMinusAccBeta1;
    let vHat = mv.y / uniforms.oneMinusAccBeta2;
    let w = f32(value[item]);
    result[item] = (mHat / (sqrt(vHat) + uniforms.epsilon)) * uniforms.negLearningRate + ${value};`;
  }
}
