import { routeLayoutWgsl, routeUniformDecl } from './routeLayout';
import { ThreadPerItemProgram } from '../../webgpu/threadPerItemProgram';

/** Which rows a gather reads through the route buffer. */
export interface RowGatherSpec {
  /** Shader key prefix. */
  name: string;
  /** The input gathered from. */
  source: string;
  /** WGSL: the source row of output row `row`, negative for none. */
  sourceRow: string;
  /** WGSL: the token whose gate scales output row `row` (read when gated). */
  gateToken: string;
}

/**
 * What dispatch and combine share: out[i] = source row picked through the route buffer, times
 * an optional gate, or 0 where the route says "no row". One writer per output element (a
 * gather, never a scatter), one thread per vec4 of a row when the width allows.
 */
export abstract class RowGatherProgram extends ThreadPerItemProgram {
  variableNames: string[];
  variableComponents: number[];
  outputComponent: number;

  protected constructor(
    private readonly spec: RowGatherSpec,
    numRows: number,
    width: number,
    private readonly gated: boolean,
  ) {
    const component = width % 4 === 0 ? 4 : 1;
    super(spec.name, (numRows * width) / component, [numRows, width], [`gated${gated}`, `vec${component}`], `${routeUniformDecl}rowWidth : i32, `);
    const { source } = spec;
    this.outputComponent = component;
    this.variableNames = gated ? [source, 'route', 'probs'] : [source, 'route'];
    this.variableComponents = gated ? [component, 1, 1] : [component, 1];
  }

  protected override helpers(): string {
    return routeLayoutWgsl;
  }

  protected body(): string {
    const vecType = this.outputComponent === 4 ? 'vec4<f32>' : 'f32';
    const { source, sourceRow, gateToken } = this.spec;
    return `
    let rowWidth = uniforms.rowWidth;
    let row = item / rowWidth;
    let part = item - row * rowWidth;
    let srcRow = ${sourceRow};
    var value = ${vecType}(0.0);
    if (srcRow >= 0) {
      value = ${source}[srcRow * rowWidth + part];
      ${
        this.gated
          ? `let gateToken = ${gateToken};
      value = value * probs[gateToken * uniforms.numExperts + route[rlExpert() + gateToken]];`
          : ''
      }
    }
    result[item] = value;`;
  }
}
