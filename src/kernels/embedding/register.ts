import { registerOnce } from '../webgpu/registry';
import { gatherSumConfig } from './kernels/GatherSum';

/** Registers the summed embedding lookup for 'webgpu' (once). */
export function registerEmbeddingKernels(): void {
  registerOnce([gatherSumConfig]);
}
