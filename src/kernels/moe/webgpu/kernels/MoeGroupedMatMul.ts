import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32, type WebGPUBackend } from '../../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../../webgpu/registry';
import { GroupedMatMulProgram, type GroupedMatMulOptions } from '../grouped_matmul_webgpu';
import { GroupedMatMulRowsProgram, ROWS_KERNEL_MAX_WEIGHTS } from '../grouped_matmul_rows_webgpu';
import { MoeGroupedMatMul, MoeGroupedMatMulGradInput, type MoeGroupedMatMulAttrs } from '../kernelNames';
import { routeLayout, routeUniforms } from '../routeLayout';

/**
 * Runs the grouped GEMM of `a` [T, k] (then `w`, route, bias or mask as the options say) into
 * [T, n]: small expert matrices (k · n ≤ ROWS_KERNEL_MAX_WEIGHTS) get the barrier-free row program.
 */
function runGrouped(backend: WebGPUBackend, inputs: TensorInfo[], numExperts: number, k: number, n: number, options: GroupedMatMulOptions): TensorInfo {
  const layout = routeLayout(inputs[0].shape[0], numExperts);
  const program = k * n <= ROWS_KERNEL_MAX_WEIGHTS ? new GroupedMatMulRowsProgram(layout, k, n, options) : new GroupedMatMulProgram(layout, k, n, options);
  return backend.runWebGPUProgram(program, inputs.map(flat), 'float32', program.uniformData(...routeUniforms(layout), int32(k), int32(n)));
}

type Inputs = { a: TensorInfo; w: TensorInfo; route: TensorInfo; bias?: TensorInfo };

/** a [T, K], w [E, K, N], route, bias? [E, N] → act(a · w[e] + bias[e]) [T, N] per segment. */
export function moeGroupedMatMul({ inputs: { a, w, route, bias }, backend, attrs }: WebGPUKernelArgs<Inputs, MoeGroupedMatMulAttrs>): TensorInfo {
  const [numExperts, k, n] = w.shape;
  const options = { transposeW: false, bias: bias !== undefined, relu: attrs.activation === 'relu', maskA: false };
  return runGrouped(backend, bias ? [a, w, route, bias] : [a, w, route], numExperts, k, n, options);
}

type GradInputs = { dy: TensorInfo; w: TensorInfo; route: TensorInfo; mask?: TensorInfo };

/**
 * dy [T, N], w [E, K, N], route, mask? [T, N] → (dy ⊙ [mask > 0]) · w[e]ᵀ [T, K]:
 * the input gradient, with the ReLU backward of the forward output fused into the load.
 */
export function moeGroupedMatMulGradInput({ inputs: { dy, w, route, mask }, backend }: WebGPUKernelArgs<GradInputs>): TensorInfo {
  const [numExperts, k, n] = w.shape;
  const options = { transposeW: true, bias: false, relu: false, maskA: mask !== undefined };
  // In the program's terms the reduction runs over N and the output has K columns.
  return runGrouped(backend, mask ? [dy, w, route, mask] : [dy, w, route], numExperts, n, k, options);
}

export const moeGroupedMatMulConfig = webgpuKernel(MoeGroupedMatMul, moeGroupedMatMul);
export const moeGroupedMatMulGradInputConfig = webgpuKernel(MoeGroupedMatMulGradInput, moeGroupedMatMulGradInput);
