import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { GateGradProgram } from '../gate_grad_webgpu';
import { MoeGateGrad } from '../kernelNames';
import { flat, type WebGPUBackend } from '../../../webgpu/program';
import { routeLayout, routeUniforms } from '../routeLayout';

/** tokenRows [T, d], packedRows [T, d], route → dProbs [T, E] (attr numExperts). */
export const moeGateGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { tokenRows, packedRows, route } = inputs as { tokenRows: TensorInfo; packedRows: TensorInfo; route: TensorInfo };
  const numExperts = attrs?.numExperts as number;
  const [numTokens, width] = tokenRows.shape;
  return (backend as WebGPUBackend).runWebGPUProgram(
    new GateGradProgram(numTokens, numExperts),
    [flat(tokenRows), flat(packedRows), route],
    'float32',
    [...routeUniforms(routeLayout(numTokens, numExperts)), { type: 'int32', data: [width] }],
  );
};

export const moeGateGradConfig: KernelConfig = { kernelName: MoeGateGrad, backendName: 'webgpu', kernelFunc: moeGateGrad };
