import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, rowsOf, withShape } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { MaskedSoftmaxProgram } from '../masked_softmax_webgpu';
import { MaskedSoftmax } from '../kernelNames';

/** scores [B, …, N], keyBias [B, 1, …, N] → softmax over N of scores + keyBias. */
export function maskedSoftmax({ inputs: { scores, keyBias }, backend }: WebGPUKernelArgs<{ scores: TensorInfo; keyBias: TensorInfo }>): TensorInfo {
  const [numRows, width] = rowsOf(scores);
  const program = new MaskedSoftmaxProgram(numRows, width);
  const out = backend.runWebGPUProgram(program, [flat(scores), flat(keyBias)], 'float32', program.uniformData(int32(numRows / scores.shape[0])));
  return withShape(out, scores.shape);
}

export const maskedSoftmaxConfig = webgpuKernel(MaskedSoftmax, maskedSoftmax);
