/** tfjs kernel names of LayerNorm (registered for the 'webgpu' backend) and their attributes. */
export const LayerNorm = 'LayerNorm';
export const LayerNormGradX = 'LayerNormGradX';
export const LayerNormGradGain = 'LayerNormGradGain';
export interface LayerNormAttrs {
  epsilon: number;
}
