import type { TensorInfo } from '@tensorflow/tfjs-core';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { DispatchProgram } from '../dispatch_webgpu';
import { runRowGather } from './rowGather';
import { MoeDispatch, MoeDispatchGated } from '../kernelNames';

type Inputs = { x: TensorInfo; route: TensorInfo; probs: TensorInfo };

/** x [T, d], route → packed [T, d] (expert-major; rows past the kept tokens are zero). */
export function moeDispatch({ inputs: { x, route }, backend }: WebGPUKernelArgs<Omit<Inputs, 'probs'>>): TensorInfo {
  const [numTokens, width] = x.shape;
  return runRowGather(backend, new DispatchProgram(numTokens, width, false), x, route);
}

/** x [T, d], route, probs [T, E] → packed rows scaled by their token's gate (combine's gradient). */
export function moeDispatchGated({ inputs: { x, route, probs }, backend }: WebGPUKernelArgs<Inputs>): TensorInfo {
  const [numTokens, width] = x.shape;
  return runRowGather(backend, new DispatchProgram(numTokens, width, true), x, route, probs);
}

export const moeDispatchConfig = webgpuKernel(MoeDispatch, moeDispatch);
export const moeDispatchGatedConfig = webgpuKernel(MoeDispatchGated, moeDispatchGated);
