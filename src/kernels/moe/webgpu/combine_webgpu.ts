import { RowGatherProgram } from './row_gather_webgpu';

/**
 * Combine: expert outputs back to token order, a row gather by dest[t]
 *   y[t] = dest[t] >= 0 ? gate(t) · packed[dest[t]] : 0
 * with gate(t) = probs[t, expert[t]] when `gated` (the forward combine), else 1 (the gradient
 * of the dispatch). Top-1 routing gives each token at most one packed row, so this is a pure
 * gather: no float atomics, bit-for-bit repeatable.
 */
export class CombineProgram extends RowGatherProgram {
  constructor(numTokens: number, width: number, gated: boolean) {
    super({ name: 'moeCombine', source: 'packed', sourceRow: 'route[row]', gateToken: 'row' }, numTokens, width, gated);
  }
}
