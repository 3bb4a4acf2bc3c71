import { GridProgram } from '../webgpu/gridProgram';
import { ceilDiv, WORKGROUP_SIZE } from '../webgpu/program';

/**
 * LayerNorm gain gradient dgain[j] = Σ_rows dy[r, j] · x̂[r, j], as `splits` partial sums over
 * consecutive row ranges (one workgroup each; sumSplits adds them in order, so the result is
 * the same bits every run). Per block of 64 rows, each thread first computes one row's
 * statistics into shared memory, then each thread sums its columns over the block: the
 * statistics are computed once per row, not once per row and column.
 * Inputs are read through f32(): tfjs-webgpu casts int32 to float32 without converting the
 * buffer, so a float32 input may sit in an int32 buffer.
 */
export class LayerNormGainGradProgram extends GridProgram {
  variableNames = ['dy', 'x'];
  private readonly columnsPerThread: number;

  constructor(
    splits: number,
    private readonly width: number,
    private readonly epsilon: number,
  ) {
    super({
      shaderKey: `layerNormGainGrad_width${width}_eps${epsilon}_wg${WORKGROUP_SIZE}`,
      outputShape: splits === 1 ? [width] : [splits, width],
      dispatch: [splits, 1, 1],
      workgroupSize: [WORKGROUP_SIZE, 1, 1],
      uniforms: 'numRows : i32, rowsPerSplit : i32, ',
    });
    this.columnsPerThread = ceilDiv(width, WORKGROUP_SIZE);
  }

  getUserCode(): string {
    const w = this.width;
    const perThread = this.columnsPerThread;
    return `
  var<workgroup> rowMean : array<f32, ${WORKGROUP_SIZE}>;
  var<workgroup> rowRstd : array<f32, ${WORKGROUP_SIZE}>;

  fn main() {
    let lane = i32(localIndex);
    let split = i32(workgroupId.x);
    let first = split * uniforms.rowsPerSplit;
    let last = min(uniforms.numRows, first + uniforms.rowsPerSplit);
    var acc : array<f32, ${perThread}>;
    for (var c = 0; c < ${perThread}; c++) {
      acc[c] = 0.0;
    }
    // The loop bound comes from uniforms only: workgroupBarrier needs uniform control flow.
    for (var offset = 0; offset < uniforms.rowsPerSplit; offset += ${WORKGROUP_SIZE}) {
      let block = first + offset;
      let row = block + lane;
      if (row < last) {
        let base = row * ${w};
        var sum = 0.0;
        for (var j = 0; j < ${w}; j++) {
          sum += f32(x[base + j]);
        }
        let mean = sum / ${w}.0;
        var squares = 0.0;
        for (var j = 0; j < ${w}; j++) {
          let c = f32(x[base + j]) - mean;
          squares += c * c;
        }
        rowMean[lane] = mean;
        rowRstd[lane] = inverseSqrt(squares / ${w}.0 + ${this.epsilon.toExponential()});
      }
      workgroupBarrier();
      let rows = clamp(last - block, 0, ${WORKGROUP_SIZE});
      for (var c = 0; c < ${perThread}; c++) {
        let j = lane + c * ${WORKGROUP_SIZE};
        if (j < ${w}) {
          for (var r = 0; r < rows; r++) {
            let index = (block + r) * ${w} + j;
            acc[c] += f32(dy[index]) * (f32(x[index]) - rowMean[r]) * rowRstd[r];
          }
        }
      }
      workgroupBarrier();
    }
    for (var c = 0; c < ${perThread}; c++) {
      let j = lane + c * ${WORKGROUP_SIZE};
      if (j < ${w}) {
        result[split * ${w} + j] = acc[c];
      }
    }
  }
`;
  }
}
