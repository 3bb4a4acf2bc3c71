import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

export type { WebGPUBackend, WebGPUProgram };

/** What WebGPUBackend.runWebGPUProgram takes as program-defined uniforms. */
export type ProgramUniforms = Array<{ type: 'int32' | 'float32' | 'uint32'; data: number[] }>;

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

/**
 * The same GPU buffer seen with another shape: our shaders index buffers flat, and passing 1-D
 * shapes keeps tfjs's shape-derived shader key (broadcast dims, ranks) from forcing
 * recompilation for every distinct shape.
 */
export function flat(t: TensorInfo): TensorInfo {
  return { dataId: t.dataId, shape: [t.shape.reduce((a, b) => a * b, 1)], dtype: t.dtype };
}

/**
 * WGSL for the row range of split `split` of `splits` of an expert's segment [start, end):
 * equal chunks rounded up to `align` rows. The chunking depends only on the segment length,
 * so a given routing always sums the same rows in the same order.
 */
export function splitRowsWgsl(align: number): string {
  return `
  fn splitRows(start : i32, end : i32, split : i32, splits : i32) -> vec2<i32> {
    let chunk = ((end - start + splits - 1) / splits + ${align - 1}) / ${align} * ${align};
    let first = min(end, start + split * chunk);
    return vec2<i32>(first, min(end, first + chunk));
  }
`;
}

/** Rows a split reduction aims to give each workgroup before it splits a segment further. */
export const ROWS_PER_SPLIT = 256;
/** Most splits of one segment: bounds the partial-sum memory. */
export const MAX_SPLITS = 8;

/**
 * How many row splits a segmented reduction uses: enough that an average segment (T / E rows)
 * gives each workgroup about ROWS_PER_SPLIT rows. Chosen on the host from shapes only, since
 * the real segment lengths stay on the GPU.
 */
export function rowSplits(numTokens: number, numExperts: number): number {
  return Math.min(MAX_SPLITS, Math.max(1, Math.floor(numTokens / (numExperts * ROWS_PER_SPLIT))));
}

export function assertGrid(dispatch: [number, number, number], what: string): void {
  if (dispatch.some((d) => d > MAX_GRID_DIM)) {
    throw new Error(`${what}: grid ${dispatch.join('×')} exceeds WebGPU's ${MAX_GRID_DIM} workgroups per dimension`);
  }
}
