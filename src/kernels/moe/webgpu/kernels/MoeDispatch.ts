import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { DispatchProgram } from '../dispatch_webgpu';
import { MoeDispatch, MoeDispatchGated } from '../kernelNames';
import { flat, type WebGPUBackend } from '../programUtil';
import { routeLayout, routeUniforms } from '../routeLayout';

function dispatchRows(backend: WebGPUBackend, x: TensorInfo, route: TensorInfo, probs?: TensorInfo): TensorInfo {
  const [numTokens, width] = x.shape;
  const numExperts = probs ? probs.shape[1] : 0;
  const program = new DispatchProgram(numTokens, width, probs !== undefined);
  const inputs = probs ? [flat(x), route, flat(probs)] : [flat(x), route];
  return backend.runWebGPUProgram(program, inputs, 'float32', [
    ...routeUniforms(routeLayout(numTokens, numExperts)),
    { type: 'int32', data: [width / program.outputComponent] },
  ]);
}

/** x [T, d], route → packed [T, d] (expert-major; rows past the kept tokens are zero). */
export const moeDispatch: KernelFunc = ({ inputs, backend }) => {
  const { x, route } = inputs as { x: TensorInfo; route: TensorInfo };
  return dispatchRows(backend as WebGPUBackend, x, route);
};

/** x [T, d], route, probs [T, E] → packed rows scaled by their token's gate (combine's gradient). */
export const moeDispatchGated: KernelFunc = ({ inputs, backend }) => {
  const { x, route, probs } = inputs as { x: TensorInfo; route: TensorInfo; probs: TensorInfo };
  return dispatchRows(backend as WebGPUBackend, x, route, probs);
};

export const moeDispatchConfig: KernelConfig = { kernelName: MoeDispatch, backendName: 'webgpu', kernelFunc: moeDispatch };
export const moeDispatchGatedConfig: KernelConfig = {
  kernelName: MoeDispatchGated,
  backendName: 'webgpu',
  kernelFunc: moeDispatchGated,
};
