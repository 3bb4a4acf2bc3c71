import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { MoeRoute } from '../kernelNames';
import { PositionsProgram } from '../positions_webgpu';
import { flat, type WebGPUBackend } from '../../../webgpu/program';
import { ROUTE_BLOCK, routeLayout, routeUniforms } from '../routeLayout';
import { RouteProgram } from '../route_webgpu';

/**
 * logits [T, E] f32, valid [T] → route (int32, layout in routeLayout.ts). Two dispatches:
 * per-block routing, then per-block positions; the block table between them is freed here.
 */
export const moeRoute: KernelFunc = ({ inputs, backend, attrs }) => {
  const { logits, valid } = inputs as { logits: TensorInfo; valid: TensorInfo };
  const webgpu = backend as WebGPUBackend;
  const capacity = (attrs?.capacity as number | undefined) ?? -1;
  const [numTokens, numExperts] = logits.shape;
  const layout = routeLayout(numTokens, numExperts);
  const routing = webgpu.runWebGPUProgram(
    new RouteProgram(numTokens, numExperts, valid.dtype),
    [flat(logits), flat(valid)],
    'int32',
    routeUniforms(layout),
  );
  const route = webgpu.runWebGPUProgram(new PositionsProgram(layout), [routing], 'int32', [
    ...routeUniforms(layout),
    // Dropless is a capacity no slot reaches.
    { type: 'int32', data: [capacity < 0 ? 0x7fffffff : capacity] },
    { type: 'int32', data: [Math.ceil(numTokens / ROUTE_BLOCK)] },
    { type: 'int32', data: [layout.maxTiles] },
  ]);
  webgpu.disposeData(routing.dataId);
  return route;
};

export const moeRouteConfig: KernelConfig = { kernelName: MoeRoute, backendName: 'webgpu', kernelFunc: moeRoute };
