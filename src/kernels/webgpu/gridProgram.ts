import { gridLayout, type ProgramUniforms, type WebGPUProgram } from './program';

/** What a program fixes when it is built, besides its inputs. */
export interface GridSpec {
  /** Unique per WGSL text: tfjs caches compiled pipelines by it (plus input ranks and dtypes). */
  shaderKey: string;
  outputShape: number[];
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** WGSL struct fields (`name : type, `), in the order of the values uniformData gives. */
  uniforms?: string;
}

/**
 * Base of every WGSL program of src/kernels (tfjs's WebGPUProgram): it runs on the grid it
 * computes (gridLayout), and its kernel passes it the uniforms through uniformData. Subclasses
 * name their inputs, add tfjs's optional fields they use (variableComponents, outputComponent,
 * atomic) and give the WGSL.
 */
export abstract class GridProgram implements WebGPUProgram {
  abstract variableNames: string[];
  readonly dispatchLayout = gridLayout;
  shaderKey: string;
  outputShape: number[];
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  uniforms: string;

  protected constructor(spec: GridSpec) {
    this.shaderKey = spec.shaderKey;
    this.outputShape = spec.outputShape;
    this.dispatch = spec.dispatch;
    this.workgroupSize = spec.workgroupSize;
    this.uniforms = spec.uniforms ?? '';
  }

  abstract getUserCode(): string;

  /** The values of `uniforms` in their order, from those the kernel knows. */
  uniformData(...values: ProgramUniforms): ProgramUniforms {
    return values;
  }
}
