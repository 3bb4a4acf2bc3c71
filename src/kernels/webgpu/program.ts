// What every WGSL program of src/kernels shares: the grid it runs on, the uniforms it takes and
// how its inputs are bound.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

export type { WebGPUBackend, WebGPUProgram };

/** What WebGPUBackend.runWebGPUProgram takes as program-defined uniforms. */
export type ProgramUniforms = Array<{ type: 'int32' | 'float32' | 'uint32'; data: number[] }>;

export const int32 = (value: number) => ({ type: 'int32' as const, data: [value] });
/** A JS number as a float32 uniform (rounded as tfjs rounds its own scalars). */
export const float32 = (value: number) => ({ type: 'float32' as const, data: [value] });

/** Threads per workgroup of the programs that give each thread one item. */
export const WORKGROUP_SIZE = 64;

/** WebGPU's guaranteed maxComputeWorkgroupsPerDimension. */
export const MAX_GRID_DIM = 65535;

/**
 * A non-flat dispatch layout: tfjs then calls our `main()` without a precomputed global index,
 * and every program indexes from workgroupId / localId itself. tfjs's own reshapeDispatch only
 * rewrites flat layouts, so the grid we compute is the grid that runs.
 */
export const gridLayout = { x: [0], y: [1] };

export const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/**
 * A 2-D grid of `workgroups` 1-D workgroups (x at most 65535) for element-wise programs; WGSL
 * recovers the linear workgroup index with `linearWorkgroup()`.
 */
export function linearGrid(workgroups: number): [number, number, number] {
  const n = Math.max(1, workgroups);
  const x = Math.min(n, MAX_GRID_DIM);
  return [x, ceilDiv(n, x), 1];
}

export const linearWorkgroupWgsl = `
  fn linearWorkgroup() -> i32 {
    return i32(workgroupId.y * numWorkgroups.x + workgroupId.x);
  }
`;

/** `dispatch`, once checked against WebGPU's limit on workgroups per dimension. */
export function checkedGrid(dispatch: [number, number, number], what: string): [number, number, number] {
  if (dispatch.some((d) => d > MAX_GRID_DIM)) {
    throw new Error(`${what}: grid ${dispatch.join('×')} exceeds WebGPU's ${MAX_GRID_DIM} workgroups per dimension`);
  }
  return dispatch;
}

/** The same GPU buffer seen with another shape (of as many elements). */
export function withShape(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/**
 * The buffer seen 1-D: our shaders index buffers flat, and passing 1-D shapes keeps tfjs's
 * shape-derived shader key (broadcast dims, ranks) from forcing recompilation for every
 * distinct shape.
 */
export function flat(t: TensorInfo): TensorInfo {
  return withShape(t, [t.shape.reduce((a, b) => a * b, 1)]);
}

/** [..., d] seen as [rows, d]. */
export function rowsOf(t: TensorInfo): [number, number] {
  const width = t.shape[t.shape.length - 1];
  return [t.shape.reduce((a, b) => a * b, 1) / width, width];
}
