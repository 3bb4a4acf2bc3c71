import { registerOnce } from '../webgpu/registry';
import { maskedSoftmaxGradient } from './grads';
import { maskedSoftmaxConfig } from './kernels/MaskedSoftmax';
import { maskedSoftmaxGradConfig } from './kernels/MaskedSoftmaxGrad';

/** Registers the masked softmax kernels for 'webgpu' and the gradient (once). */
export function registerMaskedSoftmaxKernels(): void {
  registerOnce([maskedSoftmaxConfig, maskedSoftmaxGradConfig], [maskedSoftmaxGradient]);
}
