import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32 } from '../../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { MoeRoute, type MoeRouteAttrs } from '../kernelNames';
import { BlockScanProgram } from '../block_scan_webgpu';
import { PositionsProgram } from '../positions_webgpu';
import { ROUTE_BLOCK, routeLayout, routeUniforms } from '../routeLayout';
import { RouteProgram } from '../route_webgpu';

/**
 * logits [T, E] f32, valid [T] → route (int32, layout in routeLayout.ts). Three dispatches:
 * per-block routing, the scan of its block counts, then per-block positions; the buffers
 * between them are freed here.
 */
export function moeRoute({ inputs: { logits, valid }, backend, attrs }: WebGPUKernelArgs<{ logits: TensorInfo; valid: TensorInfo }, MoeRouteAttrs>): TensorInfo {
  const [numTokens, numExperts] = logits.shape;
  const layout = routeLayout(numTokens, numExperts);
  const routeProgram = new RouteProgram(numTokens, numExperts, valid.dtype);
  const routing = backend.runWebGPUProgram(routeProgram, [flat(logits), flat(valid)], 'int32', routeProgram.uniformData(...routeUniforms(layout)));
  const numBlocks = Math.ceil(numTokens / ROUTE_BLOCK);
  const scanProgram = new BlockScanProgram(numExperts, numBlocks);
  const scan = backend.runWebGPUProgram(scanProgram, [routing], 'int32', scanProgram.uniformData(int32(numTokens), int32(numBlocks)));
  const positions = new PositionsProgram(layout);
  const route = backend.runWebGPUProgram(
    positions,
    [routing, scan],
    'int32',
    // Dropless is a capacity no slot reaches.
    positions.uniformData(...routeUniforms(layout), int32(attrs.capacity < 0 ? 0x7fffffff : attrs.capacity), int32(numBlocks), int32(layout.maxTiles)),
  );
  backend.disposeData(routing.dataId);
  backend.disposeData(scan.dataId);
  return route;
}

export const moeRouteConfig = webgpuKernel(MoeRoute, moeRoute);
