import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32 } from '../../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { sumSplits } from '../../../webgpu/sumSplits';
import { MoeSegmentSum, type MoeExpertCountAttrs } from '../kernelNames';
import { routeLayout, routeUniforms } from '../routeLayout';
import { rowSplits } from '../rowSplits';
import { SegmentSumProgram } from '../segment_sum_webgpu';

/** dy [T, N], route, mask? [T, N] → db [E, N]. */
export function moeSegmentSum({ inputs: { dy, route, mask }, backend, attrs: { numExperts } }: WebGPUKernelArgs<{ dy: TensorInfo; route: TensorInfo; mask?: TensorInfo }, MoeExpertCountAttrs>): TensorInfo {
  const [numTokens, n] = dy.shape;
  const splits = rowSplits(numTokens, numExperts);
  const program = new SegmentSumProgram(numExperts, n, mask !== undefined, splits);
  const inputs = mask ? [dy, route, mask] : [dy, route];
  const uniforms = program.uniformData(...routeUniforms(routeLayout(numTokens, numExperts)), int32(n), int32(splits));
  return sumSplits(backend, backend.runWebGPUProgram(program, inputs.map(flat), 'float32', uniforms), [numExperts, n]);
}

export const moeSegmentSumConfig = webgpuKernel(MoeSegmentSum, moeSegmentSum);
