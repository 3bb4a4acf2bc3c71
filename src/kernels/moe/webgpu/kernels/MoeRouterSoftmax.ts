import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32 } from '../../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { RouterSoftmaxProgram } from '../router_softmax_webgpu';
import { MoeRouterSoftmax, MoeRouterSoftmaxGrad } from '../kernelNames';

/** logits [T, E] → softmax over E. */
export function moeRouterSoftmax({ inputs: { logits }, backend }: WebGPUKernelArgs<{ logits: TensorInfo }>): TensorInfo {
  const [numTokens, numExperts] = logits.shape;
  const program = new RouterSoftmaxProgram(numTokens, numExperts, false);
  return backend.runWebGPUProgram(program, [flat(logits)], 'float32', program.uniformData(int32(numExperts)));
}

/** dProbs [T, E], probs [T, E] → dLogits [T, E]. */
export function moeRouterSoftmaxGrad({ inputs: { dProbs, probs }, backend }: WebGPUKernelArgs<{ dProbs: TensorInfo; probs: TensorInfo }>): TensorInfo {
  const [numTokens, numExperts] = probs.shape;
  const program = new RouterSoftmaxProgram(numTokens, numExperts, true);
  return backend.runWebGPUProgram(program, [flat(dProbs), flat(probs)], 'float32', program.uniformData(int32(numExperts)));
}

export const moeRouterSoftmaxConfig = webgpuKernel(MoeRouterSoftmax, moeRouterSoftmax);
export const moeRouterSoftmaxGradConfig = webgpuKernel(MoeRouterSoftmaxGrad, moeRouterSoftmaxGrad);
