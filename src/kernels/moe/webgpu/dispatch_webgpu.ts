import { RowGatherProgram } from './row_gather_webgpu';

/**
 * Dispatch: tokens into expert-major packed order, a row gather by src[r]
 *   packed[r] = src[r] >= 0 ? gate(src[r]) · x[src[r]] : 0
 * with gate(t) = probs[t, expert[t]] when `gated` (the gradient of the gated combine), else 1.
 * Gathering (rather than scattering tokens) writes the unused rows as zeros, with no atomics.
 */
export class DispatchProgram extends RowGatherProgram {
  constructor(numRows: number, width: number, gated: boolean) {
    super({ name: 'moeDispatch', source: 'x', sourceRow: 'route[rlSrc() + row]', gateToken: 'srcRow' }, numRows, width, gated);
  }
}
