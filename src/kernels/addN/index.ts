// tf.addN on WebGPU with any number of inputs. tfjs-webgpu's AddN binds every input as a
// storage buffer of one shader; past the device's maxStorageBuffersPerShaderStage (8 on most
// adapters, one of them the output) the pipeline is invalid and the result silently stays
// zero (it made every bi-level λ update a no-op: ⟨g_val, g_k⟩ sums one term per variable).
// This kernel sums groups that fit, then the groups' sums, with tfjs's own program.
import { AddN } from '@tensorflow/tfjs-core';
import { overrideWebGpuKernel } from '../webgpu/overrideKernel';
import { groupedAddN } from './kernels/AddN';

/** Puts the grouping in front of tfjs's AddN for 'webgpu' (once). Call after importing tfjs-backend-webgpu. */
export function registerGroupedAddN(): void {
  overrideWebGpuKernel(AddN, groupedAddN);
}
