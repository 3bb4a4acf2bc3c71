import { routeLayoutWgsl, routeUniformDecl, type RouteLayout } from './routeLayout';
import type { GroupedMatMulOptions } from './grouped_matmul_webgpu';
import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from './programUtil';

const WORKGROUP = 64;
/** Largest expert matrix (K · N floats, 16 KB) this program is used for: it stays in cache. */
export const ROWS_KERNEL_MAX_WEIGHTS = 4096;
/** Output columns per thread: one element of a feeds four products. */
const COLUMNS = 4;

/**
 * The grouped GEMM of GroupedMatMulProgram (same inputs, options and result) for experts with
 * small weight matrices, one thread per four neighbouring outputs of a packed row:
 *   out[r, n] = act(Σ_k a'[r, k] · W_e[k, n] + bias[e, n])   e = the expert whose segment holds r
 * Each thread finds its expert by a binary search of the segment starts and reads its operands
 * straight from memory: no tile schedule, shared memory or barriers. An expert's matrix of
 * K · N ≤ ROWS_KERNEL_MAX_WEIGHTS floats stays in cache while every row reads it, so staging it
 * buys little, and a narrow output leaves most of a 64-column tile idle.
 * Rows past the kept ones are zero, as in the tiled program.
 */
export class GroupedMatMulRowsProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = `${routeUniformDecl}k : i32, n : i32, `;
  shaderKey: string;
  private readonly options: GroupedMatMulOptions;

  /** The arguments of GroupedMatMulProgram's; K is a uniform here, so `_depth` only fixes the signature. */
  constructor(layout: RouteLayout, _depth: number, outCols: number, options: GroupedMatMulOptions) {
    this.options = options;
    this.variableNames = ['a', 'w', 'route'];
    if (options.bias) this.variableNames.push('bias');
    if (options.maskA) this.variableNames.push('mask');
    this.outputShape = [layout.numTokens, outCols];
    this.dispatch = linearGrid(Math.ceil((layout.numTokens * Math.ceil(outCols / COLUMNS)) / WORKGROUP));
    const { transposeW, bias, relu, maskA } = options;
    this.shaderKey = `moeGroupedMatMulRows_cols${COLUMNS}_wg${WORKGROUP}_transposeW${transposeW}_bias${bias}_relu${relu}_maskA${maskA}`;
  }

  getUserCode(): string {
    const { transposeW, bias, relu, maskA } = this.options;
    // Columns past N re-read column N − 1 (in bounds) and are not written.
    const w = (c: number) => (transposeW ? `w[wBase + min(j + ${c}, N - 1) * K + k]` : `w[wBase + k * N + min(j + ${c}, N - 1)]`);
    const b = (c: number) => `bias[expert * N + min(j + ${c}, N - 1)]`;
    return `
  ${routeLayoutWgsl}
  ${linearWorkgroupWgsl}

  /** The expert whose segment holds packed row r, or numExperts past the kept rows. */
  fn expertOfRow(r : i32) -> i32 {
    var lo = 0;
    var hi = uniforms.numExperts;
    while (lo < hi) {
      let mid = (lo + hi) / 2;
      if (route[rlSegStart() + mid + 1] <= r) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  fn main() {
    let K = uniforms.k;
    let N = uniforms.n;
    let groups = (N + ${COLUMNS - 1}) / ${COLUMNS};
    let index = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (index >= uniforms.numTokens * groups) {
      return;
    }
    let r = index / groups;
    let j = (index - r * groups) * ${COLUMNS};
    let expert = expertOfRow(r);
    var acc = vec4<f32>(0.0);
    if (expert < uniforms.numExperts) {
      let wBase = expert * K * N;
      for (var k = 0; k < K; k++) {
        var av = f32(a[r * K + k]);
        ${maskA ? 'if (f32(mask[r * K + k]) <= 0.0) { av = 0.0; }' : ''}
        acc += av * vec4<f32>(f32(${w(0)}), f32(${w(1)}), f32(${w(2)}), f32(${w(3)}));
      }
      ${bias ? `acc += vec4<f32>(f32(${b(0)}), f32(${b(1)}), f32(${b(2)}), f32(${b(3)}));` : ''}
      ${relu ? 'acc = max(acc, vec4<f32>(0.0));' : ''}
    }
    let out = r * N + j;
    result[out] = acc.x;
    if (j + 1 < N) {
      result[out + 1] = acc.y;
    }
    if (j + 2 < N) {
      result[out + 2] = acc.z;
    }
    if (j + 3 < N) {
      result[out + 3] = acc.w;
    }
  }
`;
  }
}
