import { registerOnce } from '../webgpu/registry';
import { adamApplyConfig } from './kernels/AdamApply';
import { adamMomentsConfig } from './kernels/AdamMoments';

/** Registers the Adam step's kernels for 'webgpu' (once; it has no gradient). */
export function registerAdamKernels(): void {
  registerOnce([adamMomentsConfig, adamApplyConfig]);
}
