import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { CombineProgram } from '../combine_webgpu';
import { MoeCombine, MoeCombineUngated } from '../kernelNames';
import { flat, type WebGPUBackend } from '../programUtil';
import { routeLayout, routeUniforms } from '../routeLayout';

function combineRows(backend: WebGPUBackend, packed: TensorInfo, route: TensorInfo, probs?: TensorInfo): TensorInfo {
  const [numTokens, width] = packed.shape;
  const numExperts = probs ? probs.shape[1] : 0;
  const program = new CombineProgram(numTokens, width, probs !== undefined);
  const inputs = probs ? [flat(packed), route, flat(probs)] : [flat(packed), route];
  return backend.runWebGPUProgram(program, inputs, 'float32', [
    ...routeUniforms(routeLayout(numTokens, numExperts)),
    { type: 'int32', data: [width / program.outputComponent] },
  ]);
}

/** expertOut [T, d] (packed), route, probs [T, E] → y [T, d] in token order, gate-scaled. */
export const moeCombine: KernelFunc = ({ inputs, backend }) => {
  const { expertOut, route, probs } = inputs as { expertOut: TensorInfo; route: TensorInfo; probs: TensorInfo };
  return combineRows(backend as WebGPUBackend, expertOut, route, probs);
};

/** packed [T, d], route → token-order rows without gate (dispatch's gradient). */
export const moeCombineUngated: KernelFunc = ({ inputs, backend }) => {
  const { expertOut, route } = inputs as { expertOut: TensorInfo; route: TensorInfo };
  return combineRows(backend as WebGPUBackend, expertOut, route);
};

export const moeCombineConfig: KernelConfig = { kernelName: MoeCombine, backendName: 'webgpu', kernelFunc: moeCombine };
export const moeCombineUngatedConfig: KernelConfig = {
  kernelName: MoeCombineUngated,
  backendName: 'webgpu',
  kernelFunc: moeCombineUngated,
};
