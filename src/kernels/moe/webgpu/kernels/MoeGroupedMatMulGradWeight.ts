import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { GroupedWeightGradProgram } from '../grouped_weight_grad_webgpu';
import { MoeGroupedMatMulGradWeight } from '../kernelNames';
import { flat, type WebGPUBackend } from '../../../webgpu/program';
import { rowSplits } from '../rowSplits';
import { sumSplits } from '../../../webgpu/sumSplits';
import { routeLayout, routeUniforms } from '../routeLayout';

/** a [T, K], dy [T, N], route, mask? [T, N] → dW [E, K, N] (attr numExperts). */
export const moeGroupedMatMulGradWeight: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, dy, route, mask } = inputs as { a: TensorInfo; dy: TensorInfo; route: TensorInfo; mask?: TensorInfo };
  const numExperts = attrs?.numExperts as number;
  const [numTokens, k] = a.shape;
  const n = dy.shape[1];
  const splits = rowSplits(numTokens, numExperts);
  const program = new GroupedWeightGradProgram(numExperts, k, n, mask !== undefined, splits);
  const programInputs = [flat(a), flat(dy), route];
  if (mask) programInputs.push(flat(mask));
  const webgpu = backend as WebGPUBackend;
  const partial = webgpu.runWebGPUProgram(program, programInputs, 'float32', [
    ...routeUniforms(routeLayout(numTokens, numExperts)),
    { type: 'int32', data: [k] },
    { type: 'int32', data: [n] },
    { type: 'int32', data: [splits] },
  ]);
  return sumSplits(webgpu, partial, [numExperts, k, n]);
};

export const moeGroupedMatMulGradWeightConfig: KernelConfig = {
  kernelName: MoeGroupedMatMulGradWeight,
  backendName: 'webgpu',
  kernelFunc: moeGroupedMatMulGradWeight,
};
