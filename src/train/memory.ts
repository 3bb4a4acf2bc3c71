// What tfjs holds now: the live tensors and the device bytes in use (GPU buffers on WebGPU,
// else the tensors' bytes). Reported after every step, so a leak shows as a rising line.
import * as tf from '@tensorflow/tfjs-core';
import type { MemoryUse } from './metrics';

export function memoryUse(): MemoryUse {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { tensors: m.numTensors, bytes: m.numBytesInGPU ?? m.numBytes };
}
