import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32 } from '../../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { MoeRoute, type MoeRouteAttrs } from '../kernelNames';
import { PositionsProgram } from '../positions_webgpu';
import { ROUTE_BLOCK, routeLayout, routeUniforms } from '../routeLayout';
import { RouteProgram } from '../route_webgpu';

/**
 * logits [T, E] f32, valid [T] → route (int32, layout in routeLayout.ts). Two dispatches:
 * per-block routing, then per-block positions; the block table between them is freed here.
 */
export function moeRoute({ inputs: { logits, valid }, backend, attrs }: WebGPUKernelArgs<{ logits: TensorInfo; valid: TensorInfo }, MoeRouteAttrs>): TensorInfo {
  const [numTokens, numExperts] = logits.shape;
  const layout = routeLayout(numTokens, numExperts);
  const routeProgram = new RouteProgram(numTokens, numExperts, valid.dtype);
  const routing = backend.runWebGPUProgram(routeProgram, [flat(logits), flat(valid)], 'int32', routeProgram.uniformData(...routeUniforms(layout)));
  const positions = new PositionsProgram(layout);
  const route = backend.runWebGPUProgram(
    positions,
    [routing],
    'int32',
    // Dropless is a capacity no slot reaches.
    positions.uniformData(...routeUniforms(layout), int32(attrs.capacity < 0 ? 0x7fffffff : attrs.capacity), int32(Math.ceil(numTokens / ROUTE_BLOCK)), int32(layout.maxTiles)),
  );
  backend.disposeData(routing.dataId);
  return route;
}

export const moeRouteConfig = webgpuKernel(MoeRoute, moeRoute);
