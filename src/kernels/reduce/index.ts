// Reductions over short axes on WebGPU: tfjs's Sum, Mean, Max and Min kernels for 'webgpu',
// with float32 reductions over one contiguous run of axes of at most SHORT_AXIS elements sent
// to ReduceAlongAxisProgram and everything else to tfjs's own kernel. Swapping the kernels in
// the registry also covers the sums tfjs's autodiff builds (the gradients of broadcasts, of
// softmax, of max); other backends are untouched.
import { Max, Mean, Min, Sum } from '@tensorflow/tfjs-core';
import { overrideWebGpuKernel } from '../webgpu/overrideKernel';
import { shortReduction } from './kernels/ShortReduction';
import type { ReduceOp } from './reduce_along_axis_webgpu';

export { planShortReduction, SHORT_AXIS, type ReducePlan } from './plan';

/** tfjs kernel name, its reduction and the name of its axis attribute. */
const KERNELS: [string, ReduceOp, string][] = [
  [Sum, 'sum', 'axis'],
  [Mean, 'mean', 'axis'],
  [Max, 'max', 'reductionIndices'],
  [Min, 'min', 'axis'],
];

/**
 * Puts the short-axis path in front of tfjs's Sum, Mean, Max and Min for 'webgpu' (once;
 * later calls do nothing). Call after the webgpu backend is registered.
 */
export function registerShortReductions(): void {
  for (const [name, op, axisAttr] of KERNELS) overrideWebGpuKernel(name, shortReduction(op, axisAttr));
}
