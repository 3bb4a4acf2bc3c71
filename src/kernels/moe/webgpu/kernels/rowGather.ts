import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, type WebGPUBackend } from '../../../webgpu/program';
import type { RowGatherProgram } from '../row_gather_webgpu';
import { routeLayout, routeUniforms } from '../routeLayout';

/** Runs a dispatch or combine program on rows [T, d], with the gate's probs when it has them. */
export function runRowGather(backend: WebGPUBackend, program: RowGatherProgram, rows: TensorInfo, route: TensorInfo, probs?: TensorInfo): TensorInfo {
  const [numTokens, width] = rows.shape;
  const numExperts = probs ? probs.shape[1] : 0;
  const inputs = probs ? [flat(rows), route, flat(probs)] : [flat(rows), route];
  const uniforms = program.uniformData(...routeUniforms(routeLayout(numTokens, numExperts)), int32(width / program.outputComponent));
  return backend.runWebGPUProgram(program, inputs, 'float32', uniforms);
}
