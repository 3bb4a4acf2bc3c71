// tf.addN on WebGPU with any number of inputs. tfjs-webgpu's AddN binds every input as a
// storage buffer of one shader; past the device's maxStorageBuffersPerShaderStage (8 on most
// adapters, one of them the output) the pipeline is invalid and the result silently stays
// zero (it made every bi-level λ update a no-op: ⟨g_val, g_k⟩ sums one term per variable).
// This kernel sums groups that fit, then the groups' sums, with tfjs's own program.
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '../webgpu/program';
import { overrideWebGpuKernel } from '../webgpu/overrideKernel';

/** Puts the grouping in front of tfjs's AddN for 'webgpu' (once). Call after importing tfjs-backend-webgpu. */
export function registerGroupedAddN(): void {
  overrideWebGpuKernel('AddN', (original) => grouped(original));
}

function grouped(original: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as WebGPUBackend;
    const group = backend.device.limits.maxStorageBuffersPerShaderStage - 1;
    const sum = (inputs: TensorInfo[]) => original({ ...args, inputs: inputs as unknown as typeof args.inputs }) as TensorInfo;
    let level = args.inputs as unknown as TensorInfo[];
    const partials: TensorInfo[] = [];
    while (level.length > group) {
      const next: TensorInfo[] = [];
      for (let i = 0; i < level.length; i += group) {
        const members = level.slice(i, i + group);
        const part = members.length === 1 ? members[0] : sum(members);
        if (members.length > 1) partials.push(part);
        next.push(part);
      }
      level = next;
    }
    const out = sum(level);
    // tfjs-webgpu frees a buffer only after the queued programs that read it have run.
    for (const p of partials) backend.disposeData(p.dataId);
    return out;
  };
}
