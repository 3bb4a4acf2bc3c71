import { registerOnce, webgpuKernel } from '../webgpu/registry';
import { AdamApply, AdamMoments } from './kernelNames';
import { adamApply } from './kernels/AdamApply';
import { adamMoments } from './kernels/AdamMoments';

/** Registers the Adam step's kernels for 'webgpu' (once; it has no gradient). */
export function registerAdamKernels(): void {
  registerOnce([webgpuKernel(AdamMoments, adamMoments), webgpuKernel(AdamApply, adamApply)]);
}
