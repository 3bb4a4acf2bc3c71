import { ThreadPerItemProgram } from '../../webgpu/threadPerItemProgram';

/**
 * Router probabilities, one thread per token:
 *   forward   p[t, e] = softmax over e of logits[t, e]
 *   backward  dLogits[t, e] = p[t, e] · (dProbs[t, e] − Σ_j dProbs[t, j] · p[t, j])
 * A router row is short (E ≤ a few hundred), so a thread walking it beats a workgroup
 * reduction per row: no shared memory, no barriers, every token in parallel.
 */
export class RouterSoftmaxProgram extends ThreadPerItemProgram {
  variableNames: string[];

  constructor(
    numTokens: number,
    numExperts: number,
    private readonly backward: boolean,
  ) {
    super('moeRouterSoftmax', numTokens, [numTokens, numExperts], [`backward${backward}`], 'numExperts : i32, ');
    this.variableNames = backward ? ['dProbs', 'probs'] : ['logits'];
  }

  protected body(): string {
    const rows = this.backward
      ? `var dot = 0.0;
    for (var e = 0; e < uniforms.numExperts; e++) {
      dot += dProbs[base + e] * probs[base + e];
    }
    for (var e = 0; e < uniforms.numExperts; e++) {
      result[base + e] = probs[base + e] * (dProbs[base + e] - dot);
    }`
      : `var top = logits[base];
    for (var e = 1; e < uniforms.numExperts; e++) {
      top = max(top, logits[base + e]);
    }
    var sum = 0.0;
    for (var e = 0; e < uniforms.numExperts; e++) {
      sum += exp(logits[base + e] - top);
    }
    for (var e = 0; e < uniforms.numExperts; e++) {
      result[base + e] = exp(logits[base + e] - top) / sum;
    }`;
    return `
    let base = item * uniforms.numExperts;
    ${rows}`;
  }
}
