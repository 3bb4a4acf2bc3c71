import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MoeSegmentSum } from '../kernelNames';
import { flat, type WebGPUBackend } from '../../../webgpu/program';
import { rowSplits } from '../rowSplits';
import { sumSplits } from '../../../webgpu/sumSplits';
import { routeLayout, routeUniforms } from '../routeLayout';
import { SegmentSumProgram } from '../segment_sum_webgpu';

/** dy [T, N], route, mask? [T, N] → db [E, N] (attr numExperts). */
export const moeSegmentSum: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, route, mask } = inputs as { dy: TensorInfo; route: TensorInfo; mask?: TensorInfo };
  const numExperts = attrs?.numExperts as number;
  const [numTokens, n] = dy.shape;
  const splits = rowSplits(numTokens, numExperts);
  const program = new SegmentSumProgram(numExperts, n, mask !== undefined, splits);
  const programInputs = [flat(dy), route];
  if (mask) programInputs.push(flat(mask));
  const webgpu = backend as WebGPUBackend;
  const partial = webgpu.runWebGPUProgram(program, programInputs, 'float32', [
    ...routeUniforms(routeLayout(numTokens, numExperts)),
    { type: 'int32', data: [n] },
    { type: 'int32', data: [splits] },
  ]);
  return sumSplits(webgpu, partial, [numExperts, n]);
};

export const moeSegmentSumConfig: KernelConfig = {
  kernelName: MoeSegmentSum,
  backendName: 'webgpu',
  kernelFunc: moeSegmentSum,
};
