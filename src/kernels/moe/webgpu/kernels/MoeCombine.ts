import type { TensorInfo } from '@tensorflow/tfjs-core';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { CombineProgram } from '../combine_webgpu';
import { runRowGather } from './rowGather';
import { MoeCombine, MoeCombineUngated } from '../kernelNames';

type Inputs = { expertOut: TensorInfo; route: TensorInfo; probs: TensorInfo };

/** expertOut [T, d] (packed), route, probs [T, E] → y [T, d] in token order, gate-scaled. */
export function moeCombine({ inputs: { expertOut, route, probs }, backend }: WebGPUKernelArgs<Inputs>): TensorInfo {
  const [numTokens, width] = expertOut.shape;
  return runRowGather(backend, new CombineProgram(numTokens, width, true), expertOut, route, probs);
}

/** packed [T, d], route → token-order rows without gate (dispatch's gradient). */
export function moeCombineUngated({ inputs: { expertOut, route }, backend }: WebGPUKernelArgs<Omit<Inputs, 'probs'>>): TensorInfo {
  const [numTokens, width] = expertOut.shape;
  return runRowGather(backend, new CombineProgram(numTokens, width, false), expertOut, route);
}

export const moeCombineConfig = webgpuKernel(MoeCombine, moeCombine);
export const moeCombineUngatedConfig = webgpuKernel(MoeCombineUngated, moeCombineUngated);
