// How the benchmarks time GPU work in any tfjs 'webgpu' context (a page, a worker, Node +
// Dawn): with GPU timestamps where the device has 'timestamp-query' (tfjs requests it when the
// adapter offers it), else wall time from enqueue to queue.onSubmittedWorkDone.
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

/**
 * 'timestamp': the sum of the GPU time of every kernel the measured code launches (tfjs's
 * tf.time, one timestamped compute pass per kernel), so CPU-side dispatch cost and idle gaps
 * are left out. 'wall': milliseconds from the first enqueue until the GPU reports the work done.
 */
export type TimingMethod = 'timestamp' | 'wall';

export function webgpuBackend(): WebGPUBackend {
  if (tf.getBackend() !== 'webgpu') throw new Error(`GPU timing needs the 'webgpu' backend, not '${tf.getBackend()}'`);
  return tf.backend() as WebGPUBackend;
}

export function defaultTiming(): TimingMethod {
  return webgpuBackend().device.features.has('timestamp-query') ? 'timestamp' : 'wall';
}

/** Submits what tfjs has recorded (it batches dispatches into an open pass) and waits for the GPU. */
export async function flushGpu(): Promise<void> {
  const backend = webgpuBackend();
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  backend.submitQueue();
  await backend.device.queue.onSubmittedWorkDone();
}

/**
 * Milliseconds of `f` (its outputs disposed). With 'wall', `f` runs `batch` times before one
 * submission and the time is divided by `batch`: submission and completion latency, which
 * dwarf a short kernel, are then paid once (timestamps exclude them anyway).
 */
export async function timeOnce(f: () => tf.TensorContainer, method: TimingMethod, batch = 1): Promise<number> {
  await flushGpu();
  if (method === 'timestamp') {
    let out: tf.TensorContainer = [];
    const info = await tf.time(() => {
      out = tf.tidy(f);
    });
    tf.dispose(out);
    if (typeof info.kernelMs !== 'number') throw new Error(`GPU timestamps failed: ${info.kernelMs.error}`);
    return info.kernelMs;
  }
  const start = performance.now();
  const outs: tf.TensorContainer[] = [];
  for (let i = 0; i < batch; i++) outs.push(tf.tidy(f));
  await flushGpu();
  const ms = (performance.now() - start) / batch;
  tf.dispose(outs);
  return ms;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Median times of several functions, measured in alternation (A, B, A, B, …) so that load from
 * other processes hits all of them alike; the warm-up runs compile the shaders.
 */
export async function timeAlternating(fs: Array<() => tf.TensorContainer>, method: TimingMethod, warmup: number, reps: number, batch = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) for (const f of fs) await timeOnce(f, method, batch);
  const times = fs.map(() => [] as number[]);
  for (let i = 0; i < reps; i++) for (let j = 0; j < fs.length; j++) times[j].push(await timeOnce(fs[j], method, batch));
  return times.map(median);
}

/**
 * Median time of one copyBufferToBuffer of `bytes`, the floor for moving data on the GPU.
 * `copies` copies are recorded in one command buffer; with timestamps they sit between two
 * empty timestamped compute passes (a copy cannot carry timestamps itself), so each figure is
 * the GPU time of the copies divided by `copies`.
 */
export async function timeBufferCopy(bytes: number, method: TimingMethod, warmup: number, reps: number, copies = 16): Promise<number> {
  const { device } = webgpuBackend();
  const size = Math.ceil(bytes / 4) * 4;
  const src = device.createBuffer({ size, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.STORAGE });
  const dst = device.createBuffer({ size, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.STORAGE });
  const stamps = method === 'timestamp' ? device.createQuerySet({ type: 'timestamp', count: 2 }) : null;
  const resolved = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const once = async () => {
    const encoder = device.createCommandEncoder();
    if (stamps) encoder.beginComputePass({ timestampWrites: { querySet: stamps, beginningOfPassWriteIndex: 0 } }).end();
    for (let i = 0; i < copies; i++) encoder.copyBufferToBuffer(src, 0, dst, 0, size);
    if (stamps) {
      encoder.beginComputePass({ timestampWrites: { querySet: stamps, endOfPassWriteIndex: 1 } }).end();
      encoder.resolveQuerySet(stamps, 0, 2, resolved, 0);
      encoder.copyBufferToBuffer(resolved, 0, readback, 0, 16);
    }
    const start = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const wall = performance.now() - start;
    if (!stamps) return wall / copies;
    await readback.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigUint64Array(readback.getMappedRange());
    const ms = Number(end - begin) / 1e6 / copies;
    readback.unmap();
    return ms;
  };
  try {
    for (let i = 0; i < warmup; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push(await once());
    return median(times);
  } finally {
    for (const b of [src, dst, resolved, readback]) b.destroy();
    stamps?.destroy();
  }
}
