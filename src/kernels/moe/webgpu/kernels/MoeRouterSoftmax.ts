import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MoeRouterSoftmax, MoeRouterSoftmaxGrad } from '../kernelNames';
import { flat, int32, type WebGPUBackend } from '../../../webgpu/program';
import { RouterSoftmaxProgram } from '../router_softmax_webgpu';

/** logits [T, E] → softmax over E. */
export const moeRouterSoftmax: KernelFunc = ({ inputs, backend }) => {
  const { logits } = inputs as { logits: TensorInfo };
  const [numTokens, numExperts] = logits.shape;
  const program = new RouterSoftmaxProgram(numTokens, numExperts, false);
  return (backend as WebGPUBackend).runWebGPUProgram(program, [flat(logits)], 'float32', program.uniformData(int32(numExperts)));
};

/** dProbs [T, E], probs [T, E] → dLogits [T, E]. */
export const moeRouterSoftmaxGrad: KernelFunc = ({ inputs, backend }) => {
  const { dProbs, probs } = inputs as { dProbs: TensorInfo; probs: TensorInfo };
  const [numTokens, numExperts] = probs.shape;
  const program = new RouterSoftmaxProgram(numTokens, numExperts, true);
  return (backend as WebGPUBackend).runWebGPUProgram(program, [flat(dProbs), flat(probs)], 'float32', program.uniformData(int32(numExperts)));
};

export const moeRouterSoftmaxConfig: KernelConfig = {
  kernelName: MoeRouterSoftmax,
  backendName: 'webgpu',
  kernelFunc: moeRouterSoftmax,
};
export const moeRouterSoftmaxGradConfig: KernelConfig = {
  kernelName: MoeRouterSoftmaxGrad,
  backendName: 'webgpu',
  kernelFunc: moeRouterSoftmaxGrad,
};
