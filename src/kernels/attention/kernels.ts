// The masked attention softmax kernels for the tfjs 'webgpu' backend and their gradient.
import * as tf from '@tensorflow/tfjs-core';
import { getGradient, getKernel, registerGradient, registerKernel } from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { flat, type WebGPUBackend } from '../webgpu/program';
import { MaskedSoftmaxGradProgram } from './masked_softmax_grad_webgpu';
import { MaskedSoftmaxProgram } from './masked_softmax_webgpu';

export const MASKED_SOFTMAX = 'MaskedSoftmax';
export const MASKED_SOFTMAX_GRAD = 'MaskedSoftmaxGrad';

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** scores [B, …, N], keyBias [B, 1, …, N] → softmax over N of scores + keyBias. */
const maskedSoftmaxKernel: KernelFunc = ({ inputs, backend }) => {
  const { scores, keyBias } = inputs as { scores: TensorInfo; keyBias: TensorInfo };
  const width = scores.shape[scores.shape.length - 1];
  const numRows = sizeOf(scores.shape) / width;
  const rowsPerBatch = numRows / scores.shape[0];
  const out = (backend as WebGPUBackend).runWebGPUProgram(new MaskedSoftmaxProgram(numRows, width), [flat(scores), flat(keyBias)], 'float32', [
    { type: 'int32', data: [numRows] },
    { type: 'int32', data: [rowsPerBatch] },
  ]);
  return { dataId: out.dataId, shape: scores.shape, dtype: out.dtype };
};

/** dp and p [..., N] → dScores. */
const maskedSoftmaxGradKernel: KernelFunc = ({ inputs, backend }) => {
  const { dp, p } = inputs as { dp: TensorInfo; p: TensorInfo };
  const width = p.shape[p.shape.length - 1];
  const numRows = sizeOf(p.shape) / width;
  const out = (backend as WebGPUBackend).runWebGPUProgram(new MaskedSoftmaxGradProgram(numRows, width), [flat(dp), flat(p)], 'float32', [
    { type: 'int32', data: [numRows] },
  ]);
  return { dataId: out.dataId, shape: p.shape, dtype: out.dtype };
};

const kernelConfigs: KernelConfig[] = [
  { kernelName: MASKED_SOFTMAX, backendName: 'webgpu', kernelFunc: maskedSoftmaxKernel },
  { kernelName: MASKED_SOFTMAX_GRAD, backendName: 'webgpu', kernelFunc: maskedSoftmaxGradKernel },
];

const maskedSoftmaxGradConfig: GradConfig = {
  kernelName: MASKED_SOFTMAX,
  inputsToSave: ['keyBias'],
  outputsToSave: [true],
  gradFunc: (dy, [keyBias, p]) => {
    const dScores = () => tf.engine().runKernel(MASKED_SOFTMAX_GRAD, { dp: dy as tf.Tensor, p }) as tf.Tensor;
    return {
      scores: dScores,
      // The bias is a constant mask in the model; its gradient (scores' summed over the rows
      // that share it) is only built if something differentiates w.r.t. it.
      keyBias: () => {
        const d = dScores();
        return tf.reshape(tf.sum(tf.reshape(d, [keyBias.shape[0], -1, d.shape[d.rank - 1]]), 1), keyBias.shape);
      },
    };
  },
};

/** Registers the kernels and the gradient; idempotent, so the op can call it lazily. */
export function registerMaskedSoftmaxKernels(): void {
  for (const config of kernelConfigs) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(config);
  }
  if (getGradient(MASKED_SOFTMAX) === undefined) registerGradient(maskedSoftmaxGradConfig);
}
