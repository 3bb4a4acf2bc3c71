import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { GridProgram } from '../../webgpu/gridProgram';
import { ceilDiv, checkedGrid } from '../../webgpu/program';
import { splitRowsWgsl } from './rowSplits';

/**
 * Output tile: TILE_K rows of dW by TILE_N columns, 64 threads of 8 × 8. Large tiles and much
 * work per thread because each expert's segment is short (T / E rows): a workgroup should not
 * be all setup and barriers.
 */
const TILE_K = 64;
const TILE_N = 64;
/** Segment rows staged in shared memory per step. */
const TILE_ROWS = 16;
const THREAD_K = 8;
const THREAD_N = 8;

/**
 * Per-expert weight gradient, a segmented reduction over each expert's packed rows:
 *   dW[e, k, n] = Σ_{r in segment e} a[r, k] · g'[r, n],  g' = g masked by (mask > 0) if given
 * One workgroup per (n-tile, k-tile, expert, split) walks its rows in TILE_ROWS steps, so each
 * output element has exactly one writer summing in row order: no atomics, repeatable bits.
 * With `splits` > 1 (few experts, long segments: more workgroups for a big GPU) the output is
 * [splits, E, K, N] partial sums that SumSplitsProgram adds in split order.
 * Experts without tokens get zeros.
 */
export class GroupedWeightGradProgram extends GridProgram {
  variableNames: string[];
  variableComponents: number[];
  outputComponent: number;
  private readonly vec4: boolean;

  constructor(
    numExperts: number,
    k: number,
    n: number,
    private readonly maskG: boolean,
    splits: number,
  ) {
    const vec4 = k % 4 === 0 && n % 4 === 0;
    super({
      shaderKey: `moeGroupedWeightGrad_k${TILE_K}_n${TILE_N}_rows${TILE_ROWS}_thread${THREAD_K}x${THREAD_N}_vec4${vec4}_maskG${maskG}`,
      outputShape: splits > 1 ? [splits, numExperts, k, n] : [numExperts, k, n],
      dispatch: checkedGrid([ceilDiv(n, TILE_N), ceilDiv(k, TILE_K), numExperts * splits], 'grouped weight gradient'),
      workgroupSize: [TILE_N / THREAD_N, TILE_K / THREAD_K, 1],
      uniforms: `${routeUniformDecl}k : i32, n : i32, splits : i32, `,
    });
    this.vec4 = vec4;
    const c = vec4 ? 4 : 1;
    this.outputComponent = c;
    this.variableNames = maskG ? ['a', 'g', 'route', 'mask'] : ['a', 'g', 'route'];
    this.variableComponents = maskG ? [c, c, 1, c] : [c, c, 1];
  }

  getUserCode(): string {
    const threads = (TILE_N / THREAD_N) * (TILE_K / THREAD_K);
    const k4 = TILE_K / 4;
    const n4 = TILE_N / 4;
    const mask = this.maskG;
    // Tiles are stored as vec4 along k and n: a thread's 4 × 4 block reads one vec4 of each.
    const loads = this.vec4
      ? `for (var i = li; i < ${TILE_ROWS * k4}; i += ${threads}) {
          let rr = i / ${k4};
          let k = k0 + (i - rr * ${k4}) * 4;
          let row = r0 + rr;
          var v = vec4<f32>(0.0);
          if (row < seg.y && k < K) {
            v = a[(row * K + k) / 4];
          }
          tileA[i] = v;
        }
        for (var i = li; i < ${TILE_ROWS * n4}; i += ${threads}) {
          let rr = i / ${n4};
          let col = n0 + (i - rr * ${n4}) * 4;
          let row = r0 + rr;
          var v = vec4<f32>(0.0);
          if (row < seg.y && col < N) {
            v = g[(row * N + col) / 4];
            ${mask ? 'v = select(vec4<f32>(0.0), v, mask[(row * N + col) / 4] > vec4<f32>(0.0));' : ''}
          }
          tileG[i] = v;
        }`
      : `for (var i = li; i < ${TILE_ROWS * TILE_K}; i += ${threads}) {
          let rr = i / ${TILE_K};
          let kk = i - rr * ${TILE_K};
          let row = r0 + rr;
          let k = k0 + kk;
          var v = 0.0;
          if (row < seg.y && k < K) {
            v = a[row * K + k];
          }
          tileA[rr * ${k4} + kk / 4][kk % 4] = v;
        }
        for (var i = li; i < ${TILE_ROWS * TILE_N}; i += ${threads}) {
          let rr = i / ${TILE_N};
          let nn = i - rr * ${TILE_N};
          let row = r0 + rr;
          let col = n0 + nn;
          var v = 0.0;
          if (row < seg.y && col < N) {
            v = g[row * N + col];
            ${mask ? 'if (mask[row * N + col] <= 0.0) { v = 0.0; }' : ''}
          }
          tileG[rr * ${n4} + nn / 4][nn % 4] = v;
        }`;
    // A thread's block: THREAD_K rows of dW × THREAD_N columns, acc[i * colVecs + p] holding
    // row i, columns 4p..4p+3; per staged row, THREAD_K / 4 + colVecs vec4 reads feed
    // THREAD_K × THREAD_N multiply-adds.
    const colVecs = THREAD_N / 4;
    const gReads = Array.from({ length: colVecs }, (_, p) => `let g${p} = tileG[rr * ${n4} + tx * ${colVecs} + ${p}];`);
    const fma = [
      ...gReads,
      ...Array.from({ length: THREAD_K / 4 }, (_, q) => {
        const aRead = `let a${q} = tileA[rr * ${k4} + ty * ${THREAD_K / 4} + ${q}];`;
        const updates = ['x', 'y', 'z', 'w'].flatMap((c, j) =>
          Array.from({ length: colVecs }, (_, p) => `acc[${(q * 4 + j) * colVecs + p}] += a${q}.${c} * g${p};`),
        );
        return [aRead, ...updates].join('\n        ');
      }),
    ].join('\n        ');
    // One vec4 of columns per row of a thread's block when N % 4 == 0.
    const store = this.vec4
      ? `for (var p = 0; p < ${colVecs}; p++) {
      let col = n0 + (tx * ${colVecs} + p) * 4;
      if (col < N) {
        for (var i = 0; i < ${THREAD_K}; i++) {
          let k = k0 + ty * ${THREAD_K} + i;
          if (k < K) {
            result[(((split * uniforms.numExperts + expert) * K + k) * N + col) / 4] = acc[i * ${colVecs} + p];
          }
        }
      }
    }`
      : `for (var i = 0; i < ${THREAD_K}; i++) {
      let k = k0 + ty * ${THREAD_K} + i;
      if (k < K) {
        for (var j = 0; j < ${THREAD_N}; j++) {
          let col = n0 + tx * ${THREAD_N} + j;
          if (col < N) {
            result[((split * uniforms.numExperts + expert) * K + k) * N + col] = acc[i * ${colVecs} + j / 4][j % 4];
          }
        }
      }
    }`;
    return `
  ${routeLayoutWgsl}
  ${splitRowsWgsl(TILE_ROWS)}
  var<workgroup> tileA : array<vec4<f32>, ${TILE_ROWS * k4}>;
  var<workgroup> tileG : array<vec4<f32>, ${TILE_ROWS * n4}>;
  var<workgroup> segment : vec2<i32>;

  fn main() {
    let K = uniforms.k;
    let N = uniforms.n;
    let split = i32(workgroupId.z) / uniforms.numExperts;
    let expert = i32(workgroupId.z) - split * uniforms.numExperts;
    let li = i32(localIndex);
    if (li == 0) {
      segment = splitRows(route[rlSegStart() + expert], route[rlSegStart() + expert + 1], split, uniforms.splits);
    }
    // Uniform segment bounds: the row loop below contains barriers.
    let seg = workgroupUniformLoad(&segment);
    let tx = i32(localId.x);
    let ty = i32(localId.y);
    let k0 = i32(workgroupId.y) * ${TILE_K};
    let n0 = i32(workgroupId.x) * ${TILE_N};

    var acc : array<vec4<f32>, ${THREAD_K * colVecs}>;
    for (var r0 = seg.x; r0 < seg.y; r0 += ${TILE_ROWS}) {
      ${loads}
      workgroupBarrier();
      for (var rr = 0; rr < ${TILE_ROWS}; rr++) {
        ${fma}
      }
      workgroupBarrier();
    }

    ${store}
  }
`;
  }
}
