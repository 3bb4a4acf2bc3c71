import { ThreadPerItemProgram } from '../webgpu/threadPerItemProgram';

/**
 * Masked multi-head attention of a forward pass that needs no gradient (evaluations, scoring),
 * one thread per (user b, head h, query i):
 *   out[b·N + i, h·dh + c] = Σ_j p_j · v[b·N + j, h·dh + c],
 *   p = softmax over j of (q_i · k_j / sqrt(dh) + keyBias[b, j])
 * read straight from the routed Q, K, V ([3, B·N, d], heads side by side in d) and written
 * straight in [B·N, d]: no transposes, no score tensor, one dispatch instead of seven. N and dh
 * are short (a sequence, a head), so a thread walks its keys once with an online softmax
 * (running max m and sum, the accumulator rescaled by exp(m_old − m_new) when m grows), its
 * query and accumulator in registers as dh/4 vec4s (dh a multiple of 4; else vec4 = one
 * float). N, H and dh are baked in.
 */
export class MaskedAttentionProgram extends ThreadPerItemProgram {
  variableNames = ['qkv', 'keyBias'];
  variableComponents: number[];
  outputComponent: number;
  /** Floats per load: 4 when dh is a multiple of 4. */
  private readonly width: number;

  constructor(
    numUsers: number,
    private readonly seqLen: number,
    private readonly numHeads: number,
    private readonly headDim: number,
  ) {
    const d = numHeads * headDim;
    const width = headDim % 4 === 0 ? 4 : 1;
    super('maskedAttention', numUsers * numHeads * seqLen, [numUsers * seqLen, d], [`n${seqLen}`, `h${numHeads}`, `dh${headDim}`], 'numTokens : i32, ');
    this.width = width;
    this.variableComponents = [width, 1];
    this.outputComponent = width;
  }

  protected body(): string {
    const [N, H, w] = [this.seqLen, this.numHeads, this.width];
    // Everything below counts in loads of w floats.
    const dh = this.headDim / w;
    const d = H * dh;
    const vec = w === 4 ? 'vec4<f32>' : 'f32';
    const dot = w === 4 ? 'dot(q[c], qkv[k + c])' : 'q[c] * qkv[k + c]';
    return `
    let i = item % ${N};
    let h = (item / ${N}) % ${H};
    let b = item / ${N * H};
    let plane = uniforms.numTokens * ${d};
    let row = (b * ${N} + i) * ${d} + h * ${dh};
    let keys = plane + b * ${N * d} + h * ${dh};
    let values = keys + plane;
    let bias = b * ${N};
    // The 1/sqrt(dh) scale on q, as the tfjs-ops path does.
    var q : array<${vec}, ${dh}>;
    var acc : array<${vec}, ${dh}>;
    for (var c = 0; c < ${dh}; c++) {
      q[c] = qkv[row + c] * ${(1 / Math.sqrt(this.headDim)).toFixed(9)};
    }
    var top = -3.0e38;
    var sum = 0.0;
    for (var j = 0; j < ${N}; j++) {
      let k = keys + j * ${d};
      var s = keyBias[bias + j];
      for (var c = 0; c < ${dh}; c++) {
        s += ${dot};
      }
      let grown = max(top, s);
      let rescale = exp(top - grown);
      let p = exp(s - grown);
      top = grown;
      sum = sum * rescale + p;
      let v = values + j * ${d};
      for (var c = 0; c < ${dh}; c++) {
        acc[c] = acc[c] * rescale + p * qkv[v + c];
      }
    }
    for (var c = 0; c < ${dh}; c++) {
      result[row + c] = acc[c] / sum;
    }`;
  }
}
