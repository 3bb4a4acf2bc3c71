/** tfjs kernel names of the masked attention softmax (registered for the 'webgpu' backend). */
export const MaskedSoftmax = 'MaskedSoftmax';
export const MaskedSoftmaxGrad = 'MaskedSoftmaxGrad';
