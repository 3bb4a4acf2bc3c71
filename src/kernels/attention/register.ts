import { registerOnce } from '../webgpu/registry';
import { maskedSoftmaxGradient } from './grads';
import { maskedAttentionConfig } from './kernels/MaskedAttention';
import { maskedSoftmaxConfig } from './kernels/MaskedSoftmax';
import { maskedSoftmaxGradConfig } from './kernels/MaskedSoftmaxGrad';

/** Registers the attention kernels for 'webgpu' and the masked softmax's gradient (once). */
export function registerMaskedSoftmaxKernels(): void {
  registerOnce([maskedSoftmaxConfig, maskedSoftmaxGradConfig, maskedAttentionConfig], [maskedSoftmaxGradient]);
}
