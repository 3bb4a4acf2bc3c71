import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, type WebGPUBackend } from '../../../webgpu/program';
import type { RowGatherProgram } from '../row_gather_webgpu';
import { routeLayout, routeUniforms } from '../routeLayout';

/** Runs a dispatch or combine program on rows [T, d], with the gate's probs when it has them. */
export function runRowGather(
  backend: WebGPUBackend,
  program: RowGatherProgram,
  rows: TensorInfo,
  route: TensorInfo,
  probs?: TensorInfo,
): TensorInfo {
  const [numTokens, width] = rows.shape;
  const numExperts = probs ? probs.shape[1] : 0;
  const inputs = probs ? [flat(rows), route, flat(probs)] : [flat(rows), route];
  return backend.runWebGPUProgram(program, inputs, 'float32', [
    ...routeUniforms(routeLayout(numTokens, numExperts)),
    { type: 'int32', data: [width / program.outputComponent] },
  ]);
}
