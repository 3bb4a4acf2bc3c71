import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from '../../webgpu/program';

const WORKGROUP = 64;

/**
 * What dispatch and combine share: out[i] = source row picked through the route buffer, times
 * an optional gate, or 0 where the route says "no row". One writer per output element (a
 * gather, never a scatter), one thread per vec4 of a row when the width allows.
 */
export abstract class RowGatherProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  outputComponent: number;
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms = `${routeUniformDecl}rowWidth : i32, `;
  shaderKey: string;
  protected readonly gated: boolean;

  /** WGSL: the source row of output row `row`, negative for none. */
  protected abstract sourceRow(): string;
  /** WGSL: the token whose gate scales output row `row` (read when gated). */
  protected abstract gateToken(): string;

  constructor(name: string, source: string, numRows: number, width: number, gated: boolean) {
    this.gated = gated;
    this.outputComponent = width % 4 === 0 ? 4 : 1;
    this.variableNames = gated ? [source, 'route', 'probs'] : [source, 'route'];
    this.variableComponents = gated ? [this.outputComponent, 1, 1] : [this.outputComponent, 1];
    this.outputShape = [numRows, width];
    this.dispatch = linearGrid(Math.ceil((numRows * width) / this.outputComponent / WORKGROUP));
    this.shaderKey = `${name}_gated${gated}_vec${this.outputComponent}_wg${WORKGROUP}`;
  }

  getUserCode(): string {
    const vecType = this.outputComponent === 4 ? 'vec4<f32>' : 'f32';
    const source = this.variableNames[0];
    return `
  ${routeLayoutWgsl}
  ${linearWorkgroupWgsl}
  fn main() {
    let rowWidth = uniforms.rowWidth;
    let index = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (index >= uniforms.numTokens * rowWidth) {
      return;
    }
    let row = index / rowWidth;
    let part = index - row * rowWidth;
    let srcRow = ${this.sourceRow()};
    var value = ${vecType}(0.0);
    if (srcRow >= 0) {
      value = ${source}[srcRow * rowWidth + part];
      ${
        this.gated
          ? `let gateToken = ${this.gateToken()};
      value = value * probs[gateToken * uniforms.numExperts + route[rlExpert() + gateToken]];`
          : ''
      }
    }
    result[index] = value;
  }
`;
  }
}
