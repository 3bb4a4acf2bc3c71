/**
 * Real WebGPU for Node tests: Dawn from the `webgpu` package on Chromium's SwiftShader.
 * The Vulkan loader reads LD_LIBRARY_PATH / VK_ICD_FILENAMES at process start, so they come
 * from scripts/webgpu-env.mjs (npm run test:unit). A missing adapter fails the test: CI must
 * never pass by skipping the GPU tests.
 */
import * as tf from '@tensorflow/tfjs-core';

export const NO_ADAPTER_MESSAGE =
  'no WebGPU adapter: install chromium (SwiftShader), e.g. `apt-get install -y chromium`, and run the ' +
  'tests through `npm run test:unit` (scripts/webgpu-env.mjs sets LD_LIBRARY_PATH and VK_ICD_FILENAMES)';

let ready: Promise<void> | undefined;

async function setUp(): Promise<void> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    throw new Error(
      `${NO_ADAPTER_MESSAGE} (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'}, ` +
        `LD_LIBRARY_PATH=${process.env.LD_LIBRARY_PATH ?? 'unset'})`,
    );
  }
  // tfjs-backend-webgpu looks for navigator.gpu when it is first imported, so set it first.
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav === undefined) {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  } else if (nav.gpu === undefined) {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  }
  await import('@tensorflow/tfjs-backend-webgpu');
  // The union package registers tfjs's op gradients (softmax, slice, ...), as the app does.
  await import('@tensorflow/tfjs');
  if (!(await tf.setBackend('webgpu'))) {
    throw new Error(`${NO_ADAPTER_MESSAGE} (tf.setBackend('webgpu') failed)`);
  }
  await tf.ready();
}

/** Makes 'webgpu' the active tfjs backend, once per test process. */
export function useWebGpuBackend(): Promise<void> {
  ready ??= setUp();
  return ready;
}

/**
 * Runs `f` on tfjs's cpu backend, then returns to 'webgpu': the reference side of a
 * comparison (and paths that read back with dataSync, which tfjs-webgpu cannot do in Node).
 */
export async function onCpu<T>(f: () => Promise<T>): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return await f();
  } finally {
    await tf.setBackend('webgpu');
  }
}
