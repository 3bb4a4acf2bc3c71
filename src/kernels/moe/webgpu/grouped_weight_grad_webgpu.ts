import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { assertGrid, ceilDiv, gridLayout, type WebGPUProgram } from './programUtil';

/** Output tile: TILE_K rows of dW by TILE_N columns. */
const TILE_K = 32;
const TILE_N = 64;
/** Segment rows staged in shared memory per step. */
const TILE_ROWS = 16;
const THREAD_K = 4;
const THREAD_N = 4;

/**
 * Per-expert weight gradient, a segmented reduction over each expert's packed rows:
 *   dW[e, k, n] = Σ_{r in segment e} a[r, k] · g'[r, n],  g' = g masked by (mask > 0) if given
 * One workgroup per (n-tile, k-tile, expert) walks its segment in TILE_ROWS steps, so each
 * output element has exactly one writer summing in row order: no atomics, repeatable bits.
 * Experts without tokens get zeros.
 */
export class GroupedWeightGradProgram implements WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [TILE_N / THREAD_N, TILE_K / THREAD_K, 1];
  uniforms = `${routeUniformDecl}k : i32, n : i32, `;
  shaderKey: string;
  private readonly maskG: boolean;

  constructor(numExperts: number, k: number, n: number, maskG: boolean) {
    this.maskG = maskG;
    this.variableNames = maskG ? ['a', 'g', 'route', 'mask'] : ['a', 'g', 'route'];
    this.outputShape = [numExperts, k, n];
    this.dispatch = [ceilDiv(n, TILE_N), ceilDiv(k, TILE_K), numExperts];
    assertGrid(this.dispatch, 'grouped weight gradient');
    this.shaderKey = `moeGroupedWeightGrad_k${TILE_K}_n${TILE_N}_rows${TILE_ROWS}_maskG${maskG}`;
  }

  getUserCode(): string {
    const threads = (TILE_N / THREAD_N) * (TILE_K / THREAD_K);
    return `
  ${routeLayoutWgsl}
  var<workgroup> tileA : array<f32, ${TILE_ROWS * TILE_K}>;
  var<workgroup> tileG : array<f32, ${TILE_ROWS * TILE_N}>;
  var<workgroup> segment : vec2<i32>;

  fn main() {
    let K = uniforms.k;
    let N = uniforms.n;
    let expert = i32(workgroupId.z);
    let li = i32(localIndex);
    if (li == 0) {
      segment = vec2<i32>(route[rlSegStart() + expert], route[rlSegStart() + expert + 1]);
    }
    // Uniform segment bounds: the row loop below contains barriers.
    let seg = workgroupUniformLoad(&segment);
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let k0 = i32(workgroupId.y) * ${TILE_K};
    let n0 = i32(workgroupId.x) * ${TILE_N};

    var acc : array<vec4<f32>, ${THREAD_K}>;
    for (var r0 = seg.x; r0 < seg.y; r0 += ${TILE_ROWS}) {
      for (var i = li; i < ${TILE_ROWS * TILE_K}; i += ${threads}) {
        let rr = i / ${TILE_K};
        let kk = i - rr * ${TILE_K};
        let row = r0 + rr;
        let k = k0 + kk;
        var v = 0.0;
        if (row < seg.y && k < K) {
          v = a[row * K + k];
        }
        tileA[i] = v;
      }
      for (var i = li; i < ${TILE_ROWS * TILE_N}; i += ${threads}) {
        let rr = i / ${TILE_N};
        let nn = i - rr * ${TILE_N};
        let row = r0 + rr;
        let col = n0 + nn;
        var v = 0.0;
        if (row < seg.y && col < N) {
          v = g[row * N + col];
          ${this.maskG ? 'if (mask[row * N + col] <= 0.0) { v = 0.0; }' : ''}
        }
        tileG[i] = v;
      }
      workgroupBarrier();
      for (var rr = 0; rr < ${TILE_ROWS}; rr++) {
        let g0 = rr * ${TILE_N} + tx * ${THREAD_N};
        let gv = vec4<f32>(tileG[g0], tileG[g0 + 1], tileG[g0 + 2], tileG[g0 + 3]);
        for (var i = 0; i < ${THREAD_K}; i++) {
          acc[i] += tileA[rr * ${TILE_K} + ty * ${THREAD_K} + i] * gv;
        }
      }
      workgroupBarrier();
    }

    for (var i = 0; i < ${THREAD_K}; i++) {
      let k = k0 + ty * ${THREAD_K} + i;
      if (k < K) {
        for (var j = 0; j < ${THREAD_N}; j++) {
          let col = n0 + tx * ${THREAD_N} + j;
          if (col < N) {
            result[(expert * K + k) * N + col] = acc[i][j];
          }
        }
      }
    }
  }
`;
  }
}
