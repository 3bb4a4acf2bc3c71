import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '../../webgpu/program';

/** tfjs's AddN kernel (`original`) summing at most a shader's worth of inputs at a time. */
export function groupedAddN(original: KernelFunc): KernelFunc {
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
