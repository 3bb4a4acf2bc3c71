// tfjs-webgpu's own kernels that the model's shapes run badly on, replaced in the kernel
// registry for the 'webgpu' backend only: small matmuls and reductions over short axes (tfjs
// runs both as shared-memory workgroups sized for large tensors, mostly idle here). Each
// override sends the shapes it is not built for back to tfjs's kernel. AddN is grouped so that
// it works with any number of inputs (tfjs's fails silently past the storage-buffer limit), and
// row scatters (embedding gradients) sum in a fixed order, so a seed gives the same bits.
import { registerGroupedAddN } from './addN';
import { registerSmallMatMul } from './matmul';
import { registerShortReductions } from './reduce';
import { registerDeterministicScatter } from './scatter';

/** Installs the overrides once; call after importing @tensorflow/tfjs-backend-webgpu. */
export function registerWebGpuOverrides(): void {
  registerSmallMatMul();
  registerShortReductions();
  registerGroupedAddN();
  registerDeterministicScatter();
}
