// What a WebGPU adapter is, as the app reports it, and whether a CPU is behind it.

export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallback: boolean;
  maxStorageBufferBindingSize: number;
  features: string[];
}

const SOFTWARE_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|basic render|warp/i;

/** SwiftShader, llvmpipe, WARP and fallback adapters emulate a GPU on the CPU. */
export function isSoftwareAdapter(a: Pick<AdapterDescription, 'vendor' | 'architecture' | 'device' | 'description'> & { isFallback?: boolean }): boolean {
  return !!a.isFallback || SOFTWARE_NAMES.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`);
}
