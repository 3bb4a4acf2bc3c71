import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { GroupedMatMulProgram, type GroupedMatMulOptions } from '../grouped_matmul_webgpu';
import { GroupedMatMulRowsProgram, ROWS_KERNEL_MAX_WEIGHTS } from '../grouped_matmul_rows_webgpu';
import { MoeGroupedMatMul, MoeGroupedMatMulGradInput } from '../kernelNames';
import { flat, int32, type WebGPUBackend } from '../../../webgpu/program';
import { routeLayout, routeUniforms, type RouteLayout } from '../routeLayout';

/** Small expert matrices (K · N ≤ ROWS_KERNEL_MAX_WEIGHTS) get the barrier-free row program. */
function groupedProgram(layout: RouteLayout, k: number, n: number, options: GroupedMatMulOptions) {
  return k * n <= ROWS_KERNEL_MAX_WEIGHTS ? new GroupedMatMulRowsProgram(layout, k, n, options) : new GroupedMatMulProgram(layout, k, n, options);
}

/** a [T, K], w [E, K, N], route, bias? [E, N] → act(a · w[e] + bias[e]) [T, N] per segment. */
export const moeGroupedMatMul: KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, w, route, bias } = inputs as { a: TensorInfo; w: TensorInfo; route: TensorInfo; bias?: TensorInfo };
  const [numTokens, k] = a.shape;
  const [numExperts, , n] = w.shape;
  const layout = routeLayout(numTokens, numExperts);
  const program = groupedProgram(layout, k, n, {
    transposeW: false,
    bias: bias !== undefined,
    relu: attrs?.activation === 'relu',
    maskA: false,
  });
  const programInputs = [flat(a), flat(w), route];
  if (bias) programInputs.push(flat(bias));
  return (backend as WebGPUBackend).runWebGPUProgram(program, programInputs, 'float32', program.uniformData(...routeUniforms(layout), int32(k), int32(n)));
};

/**
 * dy [T, N], w [E, K, N], route, mask? [T, N] → (dy ⊙ [mask > 0]) · w[e]ᵀ [T, K]:
 * the input gradient, with the ReLU backward of the forward output fused into the load.
 */
export const moeGroupedMatMulGradInput: KernelFunc = ({ inputs, backend }) => {
  const { dy, w, route, mask } = inputs as { dy: TensorInfo; w: TensorInfo; route: TensorInfo; mask?: TensorInfo };
  const [numTokens, n] = dy.shape;
  const [numExperts, k] = w.shape;
  const layout = routeLayout(numTokens, numExperts);
  const program = groupedProgram(layout, n, k, {
    transposeW: true,
    bias: false,
    relu: false,
    maskA: mask !== undefined,
  });
  const programInputs = [flat(dy), flat(w), route];
  if (mask) programInputs.push(flat(mask));
  // In the program's terms the reduction runs over N and the output has K columns.
  return (backend as WebGPUBackend).runWebGPUProgram(program, programInputs, 'float32', program.uniformData(...routeUniforms(layout), int32(n), int32(k)));
};

export const moeGroupedMatMulConfig: KernelConfig = {
  kernelName: MoeGroupedMatMul,
  backendName: 'webgpu',
  kernelFunc: moeGroupedMatMul,
};
export const moeGroupedMatMulGradInputConfig: KernelConfig = {
  kernelName: MoeGroupedMatMulGradInput,
  backendName: 'webgpu',
  kernelFunc: moeGroupedMatMulGradInput,
};
