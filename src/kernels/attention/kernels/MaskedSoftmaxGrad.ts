import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, rowsOf, withShape } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { MaskedSoftmaxGradProgram } from '../masked_softmax_grad_webgpu';
import { MaskedSoftmaxGrad } from '../kernelNames';

/** dp and p [..., N] → dScores. */
export function maskedSoftmaxGrad({ inputs: { dp, p }, backend }: WebGPUKernelArgs<{ dp: TensorInfo; p: TensorInfo }>): TensorInfo {
  const [numRows, width] = rowsOf(p);
  const program = new MaskedSoftmaxGradProgram(numRows, width);
  const out = backend.runWebGPUProgram(program, [flat(dp), flat(p)], 'float32', program.uniformData());
  return withShape(out, p.shape);
}

export const maskedSoftmaxGradConfig = webgpuKernel(MaskedSoftmaxGrad, maskedSoftmaxGrad);
