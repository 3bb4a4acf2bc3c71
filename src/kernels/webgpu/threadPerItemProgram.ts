import { gridLayout, linearGrid, linearWorkgroupWgsl, type WebGPUProgram } from './program';

const WORKGROUP = 64;

/**
 * Base of the programs that give each thread one independent item (a row to normalise, a row
 * of scores, an element of a variable, an output of a reduction): a flat grid of 64-thread
 * workgroups over `numItems`, no shared memory, no barriers. Subclasses give the WGSL body,
 * run with `item` (the thread's index, < numItems) in scope, and may add helper functions and
 * uniforms. The shader key is `name` plus what the subclass bakes in (`keyParts`).
 */
export abstract class ThreadPerItemProgram implements WebGPUProgram {
  abstract variableNames: string[];
  outputShape: number[];
  dispatchLayout = gridLayout;
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  uniforms: string;
  shaderKey: string;

  constructor(name: string, numItems: number, outputShape: number[], keyParts: string[] = [], extraUniforms = '') {
    this.outputShape = outputShape;
    this.dispatch = linearGrid(Math.ceil(numItems / WORKGROUP));
    this.uniforms = `numItems : i32, ${extraUniforms}`;
    this.shaderKey = [name, ...keyParts, `wg${WORKGROUP}`].join('_');
  }

  /** WGSL run by each thread with `item` in scope. */
  protected abstract body(): string;

  /** WGSL functions the body calls. */
  protected helpers(): string {
    return '';
  }

  getUserCode(): string {
    return `
  ${linearWorkgroupWgsl}
  ${this.helpers()}
  fn main() {
    let item = linearWorkgroup() * ${WORKGROUP} + i32(localIndex);
    if (item >= uniforms.numItems) {
      return;
    }
    ${this.body()}
  }
`;
  }
}

/** The numItems uniform every ThreadPerItemProgram declares first. */
export const itemCount = (numItems: number) => ({ type: 'int32' as const, data: [numItems] });

/**
 * WGSL storing `acc` (a vec4 of four neighbouring outputs starting at column j of a row of N)
 * at result[out]: the columns past N are not written.
 */
export const storeColumns4Wgsl = `
    result[out] = acc.x;
    if (j + 1 < N) {
      result[out + 1] = acc.y;
    }
    if (j + 2 < N) {
      result[out + 2] = acc.z;
    }
    if (j + 3 < N) {
      result[out + 3] = acc.w;
    }`;
