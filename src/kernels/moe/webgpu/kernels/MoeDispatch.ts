import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { DispatchProgram } from '../dispatch_webgpu';
import { MoeDispatch, MoeDispatchGated } from '../kernelNames';
import type { WebGPUBackend } from '../../../webgpu/program';
import { runRowGather } from './rowGather';

/** x [T, d], route → packed [T, d] (expert-major; rows past the kept tokens are zero). */
export const moeDispatch: KernelFunc = ({ inputs, backend }) => {
  const { x, route } = inputs as { x: TensorInfo; route: TensorInfo };
  const [numTokens, width] = x.shape;
  return runRowGather(backend as WebGPUBackend, new DispatchProgram(numTokens, width, false), x, route);
};

/** x [T, d], route, probs [T, E] → packed rows scaled by their token's gate (combine's gradient). */
export const moeDispatchGated: KernelFunc = ({ inputs, backend }) => {
  const { x, route, probs } = inputs as { x: TensorInfo; route: TensorInfo; probs: TensorInfo };
  const [numTokens, width] = x.shape;
  return runRowGather(backend as WebGPUBackend, new DispatchProgram(numTokens, width, true), x, route, probs);
};

export const moeDispatchConfig: KernelConfig = { kernelName: MoeDispatch, backendName: 'webgpu', kernelFunc: moeDispatch };
export const moeDispatchGatedConfig: KernelConfig = {
  kernelName: MoeDispatchGated,
  backendName: 'webgpu',
  kernelFunc: moeDispatchGated,
};
