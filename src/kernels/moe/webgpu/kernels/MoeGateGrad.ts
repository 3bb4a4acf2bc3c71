import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32 } from '../../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { GateGradProgram } from '../gate_grad_webgpu';
import { MoeGateGrad, type MoeExpertCountAttrs } from '../kernelNames';
import { routeLayout, routeUniforms } from '../routeLayout';

type Inputs = { tokenRows: TensorInfo; packedRows: TensorInfo; route: TensorInfo };

/** tokenRows [T, d], packedRows [T, d], route → dProbs [T, E]. */
export function moeGateGrad({ inputs: { tokenRows, packedRows, route }, backend, attrs: { numExperts } }: WebGPUKernelArgs<Inputs, MoeExpertCountAttrs>): TensorInfo {
  const [numTokens, width] = tokenRows.shape;
  const program = new GateGradProgram(numTokens, numExperts);
  const uniforms = program.uniformData(...routeUniforms(routeLayout(numTokens, numExperts)), int32(width));
  return backend.runWebGPUProgram(program, [flat(tokenRows), flat(packedRows), route], 'float32', uniforms);
}

export const moeGateGradConfig = webgpuKernel(MoeGateGrad, moeGateGrad);
