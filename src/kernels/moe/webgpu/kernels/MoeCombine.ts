import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { CombineProgram } from '../combine_webgpu';
import { MoeCombine, MoeCombineUngated } from '../kernelNames';
import type { WebGPUBackend } from '../../../webgpu/program';
import { runRowGather } from './rowGather';

/** expertOut [T, d] (packed), route, probs [T, E] → y [T, d] in token order, gate-scaled. */
export const moeCombine: KernelFunc = ({ inputs, backend }) => {
  const { expertOut, route, probs } = inputs as { expertOut: TensorInfo; route: TensorInfo; probs: TensorInfo };
  const [numTokens, width] = expertOut.shape;
  return runRowGather(backend as WebGPUBackend, new CombineProgram(numTokens, width, true), expertOut, route, probs);
};

/** packed [T, d], route → token-order rows without gate (dispatch's gradient). */
export const moeCombineUngated: KernelFunc = ({ inputs, backend }) => {
  const { expertOut, route } = inputs as { expertOut: TensorInfo; route: TensorInfo };
  const [numTokens, width] = expertOut.shape;
  return runRowGather(backend as WebGPUBackend, new CombineProgram(numTokens, width, false), expertOut, route);
};

export const moeCombineConfig: KernelConfig = { kernelName: MoeCombine, backendName: 'webgpu', kernelFunc: moeCombine };
export const moeCombineUngatedConfig: KernelConfig = {
  kernelName: MoeCombineUngated,
  backendName: 'webgpu',
  kernelFunc: moeCombineUngated,
};
