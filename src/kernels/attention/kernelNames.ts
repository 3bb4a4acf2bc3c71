/** tfjs kernel names of the masked attention softmax (registered for the 'webgpu' backend). */
export const MaskedSoftmax = 'MaskedSoftmax';
export const MaskedSoftmaxGrad = 'MaskedSoftmaxGrad';
/** The whole masked attention of a forward pass without gradients (no gradient is registered). */
export const MaskedAttention = 'MaskedAttention';

export interface MaskedAttentionAttrs {
  numHeads: number;
}
