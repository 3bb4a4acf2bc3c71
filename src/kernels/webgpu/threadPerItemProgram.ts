import { GridProgram } from './gridProgram';
import { ceilDiv, int32, linearGrid, linearWorkgroupWgsl, WORKGROUP_SIZE, type ProgramUniforms } from './program';

/**
 * Base of the programs that give each thread one independent item (a row to normalise, a row
 * of scores, an element of a variable, an output of a reduction, a vec4 of a row): a flat grid
 * of WORKGROUP_SIZE-thread workgroups over `numItems`, the threads past it returning at once;
 * no shared memory, no barriers. Subclasses give the WGSL body, run with `item` (the thread's
 * index, < numItems) in scope, and may add helper functions and uniforms. The shader key is
 * `name` plus what the subclass bakes in (`keyParts`).
 */
export abstract class ThreadPerItemProgram extends GridProgram {
  readonly numItems: number;

  protected constructor(name: string, numItems: number, outputShape: number[], keyParts: string[] = [], extraUniforms = '') {
    super({
      shaderKey: [name, ...keyParts, `wg${WORKGROUP_SIZE}`].join('_'),
      outputShape,
      dispatch: linearGrid(ceilDiv(numItems, WORKGROUP_SIZE)),
      workgroupSize: [WORKGROUP_SIZE, 1, 1],
      uniforms: `numItems : i32, ${extraUniforms}`,
    });
    this.numItems = numItems;
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
    let item = linearWorkgroup() * ${WORKGROUP_SIZE} + i32(localIndex);
    if (item >= uniforms.numItems) {
      return;
    }
    ${this.body()}
  }
`;
  }

  /** numItems, then the values of the subclass's own uniforms. */
  override uniformData(...values: ProgramUniforms): ProgramUniforms {
    return [int32(this.numItems), ...values];
  }
}

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
