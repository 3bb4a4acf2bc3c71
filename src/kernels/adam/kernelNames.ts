/** tfjs kernel names of the Adam step (registered for the 'webgpu' backend) and their attributes. */
export const AdamMoments = 'AdamMoments';
export const AdamApply = 'AdamApply';
/** The scalars of one step of one variable; the bias corrections 1 − β^t are float32 numbers, as tfjs's. */
export interface AdamStepScalars {
  /** η_t, this step's learning rate. */
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  /** η_t · weight decay when the variable decays (AdamW), else 0 (Adam, the same bits as without decay). */
  learningRateDecay: number;
}
