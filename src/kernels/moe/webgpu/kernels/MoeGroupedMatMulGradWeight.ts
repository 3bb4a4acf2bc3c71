import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32 } from '../../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { sumSplits } from '../../../webgpu/sumSplits';
import { GroupedWeightGradProgram } from '../grouped_weight_grad_webgpu';
import { MoeGroupedMatMulGradWeight, type MoeExpertCountAttrs } from '../kernelNames';
import { routeLayout, routeUniforms } from '../routeLayout';
import { rowSplits } from '../rowSplits';

type Inputs = { a: TensorInfo; dy: TensorInfo; route: TensorInfo; mask?: TensorInfo };

/** a [T, K], dy [T, N], route, mask? [T, N] → dW [E, K, N]. */
export function moeGroupedMatMulGradWeight({ inputs: { a, dy, route, mask }, backend, attrs: { numExperts } }: WebGPUKernelArgs<Inputs, MoeExpertCountAttrs>): TensorInfo {
  const [numTokens, k] = a.shape;
  const n = dy.shape[1];
  const splits = rowSplits(numTokens, numExperts);
  const program = new GroupedWeightGradProgram(numExperts, k, n, mask !== undefined, splits);
  const inputs = mask ? [a, dy, route, mask] : [a, dy, route];
  const uniforms = program.uniformData(...routeUniforms(routeLayout(numTokens, numExperts)), int32(k), int32(n), int32(splits));
  const partial = backend.runWebGPUProgram(program, inputs.map(flat), 'float32', uniforms);
  return sumSplits(backend, partial, [numExperts, k, n]);
}

export const moeGroupedMatMulGradWeightConfig = webgpuKernel(MoeGroupedMatMulGradWeight, moeGroupedMatMulGradWeight);
