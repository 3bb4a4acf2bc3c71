import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Attention probabilities, one thread per score row:
 *   p[r, j] = softmax over j of (scores[r, j] + keyBias[batch(r), j]),  batch(r) = r / rowsPerBatch
 * keyBias is 0 at real keys and a large negative number at padding. An attention row is short
 * (one per key, N ≤ a few hundred), so a thread per row beats tfjs's workgroup per row (an Add,
 * then a Softmax with shared-memory reductions and barriers): one dispatch, no barriers.
 * The row width (the sequence length of a run) is baked in. Inputs are read through f32():
 * tfjs-webgpu casts int32 to float32 without converting the buffer.
 */
export class MaskedSoftmaxProgram extends ThreadPerItemProgram {
  variableNames = ['scores', 'keyBias'];

  constructor(
    numRows: number,
    private readonly width: number,
  ) {
    super('maskedSoftmax', numRows, [numRows, width], [`width${width}`], 'rowsPerBatch : i32, ');
  }

  protected override helpers(): string {
    return `
  fn score(base : i32, biasBase : i32, j : i32) -> f32 {
    return f32(scores[base + j]) + f32(keyBias[biasBase + j]);
  }
`;
  }

  protected body(): string {
    const w = this.width;
    return `
    let base = item * ${w};
    let biasBase = (item / uniforms.rowsPerBatch) * ${w};
    var top = score(base, biasBase, 0);
    for (var j = 1; j < ${w}; j++) {
      top = max(top, score(base, biasBase, j));
    }
    var sum = 0.0;
    for (var j = 0; j < ${w}; j++) {
      sum += exp(score(base, biasBase, j) - top);
    }
    for (var j = 0; j < ${w}; j++) {
      result[base + j] = exp(score(base, biasBase, j) - top) / sum;
    }`;
  }
}
