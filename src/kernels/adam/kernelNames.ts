/** tfjs kernel names of the Adam step (registered for the 'webgpu' backend) and their attributes. */
export const AdamMoments = 'AdamMoments';
export const AdamApply = 'AdamApply';
/** The scalars of one step; the bias corrections 1 − β^t are float32 numbers, as tfjs's. */
export interface AdamStepScalars {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}
