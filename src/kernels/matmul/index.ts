// Small matmuls on WebGPU: tfjs's BatchMatMul kernel for 'webgpu', with products below
// SMALL_MATMUL_MACS multiply-adds (and those tfjs would split over K with float atomics) sent
// to SmallMatMulProgram and everything else (large products, int32, uncommon broadcasting) to
// tfjs's own kernel (see ../webgpu/overrideKernel.ts).
import { BatchMatMul } from '@tensorflow/tfjs-core';
import { overrideWebGpuKernel } from '../webgpu/overrideKernel';
import { smallBatchMatMul } from './kernels/BatchMatMul';

export { planSmallMatMul, SMALL_MATMUL_MACS, tfjsWouldSplitK } from './plan';

/**
 * Puts the small-matmul path in front of tfjs's BatchMatMul for 'webgpu' (once; later calls
 * do nothing). Call after the webgpu backend is registered (importing tfjs-backend-webgpu).
 */
export function registerSmallMatMul(): void {
  overrideWebGpuKernel(BatchMatMul, smallBatchMatMul);
}
