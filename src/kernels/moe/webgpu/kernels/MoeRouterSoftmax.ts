import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MoeRouterSoftmax, MoeRouterSoftmaxGrad } from '../kernelNames';
import { flat, type WebGPUBackend } from '../../../webgpu/program';
import { RouterSoftmaxProgram } from '../router_softmax_webgpu';

const sizes = (t: TensorInfo) => [
  { type: 'int32' as const, data: [t.shape[0]] },
  { type: 'int32' as const, data: [t.shape[1]] },
];

/** logits [T, E] → softmax over E. */
export const moeRouterSoftmax: KernelFunc = ({ inputs, backend }) => {
  const { logits } = inputs as { logits: TensorInfo };
  const [numTokens, numExperts] = logits.shape;
  return (backend as WebGPUBackend).runWebGPUProgram(
    new RouterSoftmaxProgram(numTokens, numExperts, false),
    [flat(logits)],
    'float32',
    sizes(logits),
  );
};

/** dProbs [T, E], probs [T, E] → dLogits [T, E]. */
export const moeRouterSoftmaxGrad: KernelFunc = ({ inputs, backend }) => {
  const { dProbs, probs } = inputs as { dProbs: TensorInfo; probs: TensorInfo };
  const [numTokens, numExperts] = probs.shape;
  return (backend as WebGPUBackend).runWebGPUProgram(
    new RouterSoftmaxProgram(numTokens, numExperts, true),
    [flat(dProbs), flat(probs)],
    'float32',
    sizes(probs),
  );
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
