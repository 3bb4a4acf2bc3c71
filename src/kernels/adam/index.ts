// One Adam step of one variable as two WGSL programs (moments, then the value) on webgpu.
import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { flat, type WebGPUBackend } from '../webgpu/program';
import { AdamApplyProgram } from './adam_apply_webgpu';
import { AdamMomentsProgram } from './adam_moments_webgpu';

const ADAM_MOMENTS = 'AdamMoments';
const ADAM_APPLY = 'AdamApply';

/** The scalars of one step; the bias corrections 1 − β^t are float32 numbers, as tfjs's. */
export interface AdamStepScalars {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

const f32 = (data: number) => ({ type: 'float32' as const, data: [data] });

const adamMomentsKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { moments, gradient } = inputs as { moments: TensorInfo; gradient: TensorInfo };
  const s = attrs as unknown as AdamStepScalars;
  const n = gradient.shape.reduce((a, b) => a * b, 1);
  // 1 − β as tfjs's Adam has it: a JS double made float32.
  return (backend as WebGPUBackend).runWebGPUProgram(new AdamMomentsProgram(n), [moments, flat(gradient)], 'float32', [
    { type: 'int32', data: [n] },
    f32(s.beta1),
    f32(1 - s.beta1),
    f32(s.beta2),
    f32(1 - s.beta2),
  ]);
};

const adamApplyKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { moments, value } = inputs as { moments: TensorInfo; value: TensorInfo };
  const s = attrs as unknown as AdamStepScalars;
  const n = value.shape.reduce((a, b) => a * b, 1);
  const out = (backend as WebGPUBackend).runWebGPUProgram(new AdamApplyProgram(n), [moments, flat(value)], 'float32', [
    { type: 'int32', data: [n] },
    f32(s.oneMinusAccBeta1),
    f32(s.oneMinusAccBeta2),
    f32(s.epsilon),
    f32(-s.learningRate),
  ]);
  return { dataId: out.dataId, shape: value.shape, dtype: out.dtype };
};

const kernelConfigs: KernelConfig[] = [
  { kernelName: ADAM_MOMENTS, backendName: 'webgpu', kernelFunc: adamMomentsKernel },
  { kernelName: ADAM_APPLY, backendName: 'webgpu', kernelFunc: adamApplyKernel },
];

function register(): void {
  for (const config of kernelConfigs) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(config);
  }
}

/**
 * One Adam step of a variable on 'webgpu': `moments` [size, 2] holds m and v interleaved (one
 * vec2 read per element); returns the new moments and the new value (fresh tensors).
 */
export function adamStepKernel(value: tf.Tensor, gradient: tf.Tensor, moments: tf.Tensor, s: AdamStepScalars): { moments: tf.Tensor; value: tf.Tensor } {
  if (tf.getBackend() !== 'webgpu') throw new Error(`adamStepKernel runs WGSL and needs the 'webgpu' backend, not '${tf.getBackend()}'`);
  register();
  const attrs = s as unknown as tf.NamedAttrMap;
  const next = tf.engine().runKernel(ADAM_MOMENTS, { moments, gradient }, attrs) as tf.Tensor;
  return { moments: next, value: tf.engine().runKernel(ADAM_APPLY, { moments: next, value }, attrs) as tf.Tensor };
}
