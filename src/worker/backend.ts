// Picks and starts the tfjs backend inside the worker, and describes the adapter so the UI
// can say what runs the work (and choose a lighter preset on a software adapter).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { registerWebGpuOverrides } from '../kernels/webgpuOverrides';
import type { BufferLimits } from '../model/footprint';
import { isSoftwareAdapter, type AdapterDescription } from './adapter';

export type { AdapterDescription };

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

export interface BackendInfo {
  backend: BackendName;
  /** The WebGPU adapter, when the backend is webgpu. */
  adapter: AdapterDescription | null;
  /** True on a CPU-emulated GPU (SwiftShader, llvmpipe, WARP): the app picks a lighter preset. */
  software: boolean;
  /** Why WebGPU is not in use, when it is not. */
  webgpuProblem: string | null;
}


async function describeAdapter(): Promise<{ adapter: AdapterDescription | null; problem: string | null }> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    return { adapter: null, problem: 'this browser exposes no WebGPU (navigator.gpu is missing; it needs Chrome/Edge 113+ and a page on https or localhost)' };
  }
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return { adapter: null, problem: 'WebGPU is present but no adapter was granted (GPU blocklisted or disabled)' };
  const info = adapter.info;
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  return {
    problem: null,
    adapter: {
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallback: fallback,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      features: [...adapter.features].map(String).sort(),
    },
  };
}

function isSoftware(a: AdapterDescription | null, backend: BackendName): boolean {
  if (backend === 'cpu') return true;
  return !!a && isSoftwareAdapter(a);
}

/** Starts `wanted` (webgpu by default); a failing webgpu is reported, never silently swapped. */
export async function startBackend(wanted: BackendName = 'webgpu'): Promise<BackendInfo> {
  let problem: string | null = null;
  let adapter: AdapterDescription | null = null;
  if (wanted === 'webgpu') {
    ({ adapter, problem } = await describeAdapter());
    if (problem) throw new Error(`No WebGPU: ${problem}.`);
  }
  const ok = await tf.setBackend(wanted);
  if (!ok) throw new Error(`The tfjs ${wanted} backend failed to start in this browser.`);
  await tf.ready();
  // Every phase (MCP pre-training too, which builds no Trainer) runs on the WGSL overrides.
  if (wanted === 'webgpu') registerWebGpuOverrides();
  return { backend: wanted, adapter, software: isSoftware(adapter, wanted), webgpuProblem: problem };
}

/** The WebGPU device tfjs runs on, or null on another backend. */
export function webGpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device: GPUDevice }).device;
}

/** The device's buffer limits (what a model's largest buffer must fit in), or null off WebGPU. */
export function deviceLimits(): BufferLimits | null {
  const device = webGpuDevice();
  return device ? { maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize, maxBufferSize: device.limits.maxBufferSize } : null;
}

/** Whether WebGPU could run here, without starting it (for the fallback offer). */
export async function probeWebGpu(): Promise<string | null> {
  return (await describeAdapter()).problem;
}
