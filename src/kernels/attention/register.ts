import { registerOnce, webgpuKernel } from '../webgpu/registry';
import { maskedSoftmaxGradConfig } from './grads';
import { MaskedSoftmax, MaskedSoftmaxGrad } from './kernelNames';
import { maskedSoftmax } from './kernels/MaskedSoftmax';
import { maskedSoftmaxGrad } from './kernels/MaskedSoftmaxGrad';

/** Registers the masked softmax kernels for 'webgpu' and the gradient (once). */
export function registerMaskedSoftmaxKernels(): void {
  registerOnce([webgpuKernel(MaskedSoftmax, maskedSoftmax), webgpuKernel(MaskedSoftmaxGrad, maskedSoftmaxGrad)], [maskedSoftmaxGradConfig]);
}
