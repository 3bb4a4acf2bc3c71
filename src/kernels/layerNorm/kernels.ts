// The LayerNorm kernels for the tfjs 'webgpu' backend and their gradient.
import * as tf from '@tensorflow/tfjs-core';
import { getGradient, getKernel, registerGradient, registerKernel } from '@tensorflow/tfjs-core';
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { sumSplits } from '../webgpu/sumSplits';
import { flat, type WebGPUBackend } from '../webgpu/program';
import { LayerNormGainGradProgram } from './layer_norm_gain_grad_webgpu';
import { LayerNormGradProgram } from './layer_norm_grad_webgpu';
import { LayerNormProgram } from './layer_norm_webgpu';

export const LAYER_NORM = 'LayerNorm';
export const LAYER_NORM_GRAD_X = 'LayerNormGradX';
export const LAYER_NORM_GRAD_GAIN = 'LayerNormGradGain';

/** Rows one workgroup of the gain gradient sums before the rows are split further. */
const ROWS_PER_SPLIT = 1024;
const MAX_SPLITS = 64;

interface Attrs {
  epsilon: number;
}

/** [..., d] as rows × d. */
function rowsOf(x: TensorInfo): [number, number] {
  const width = x.shape[x.shape.length - 1];
  return [x.shape.reduce((a, b) => a * b, 1) / width, width];
}

const rowCount = (numRows: number) => [{ type: 'int32' as const, data: [numRows] }];

const layerNormKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, gain } = inputs as { x: TensorInfo; gain: TensorInfo };
  const [numRows, width] = rowsOf(x);
  const program = new LayerNormProgram(numRows, width, (attrs as unknown as Attrs).epsilon);
  const out = (backend as WebGPUBackend).runWebGPUProgram(program, [flat(x), gain], 'float32', rowCount(numRows));
  return { dataId: out.dataId, shape: x.shape, dtype: out.dtype };
};

const layerNormGradXKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x, gain } = inputs as { dy: TensorInfo; x: TensorInfo; gain: TensorInfo };
  const [numRows, width] = rowsOf(x);
  const program = new LayerNormGradProgram(numRows, width, (attrs as unknown as Attrs).epsilon);
  const out = (backend as WebGPUBackend).runWebGPUProgram(program, [flat(dy), flat(x), gain], 'float32', rowCount(numRows));
  return { dataId: out.dataId, shape: x.shape, dtype: out.dtype };
};

const layerNormGradGainKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const [numRows, width] = rowsOf(x);
  const splits = Math.min(MAX_SPLITS, Math.max(1, Math.ceil(numRows / ROWS_PER_SPLIT)));
  // Whole blocks of 64 rows per split, so only the last split has a partial block.
  const rowsPerSplit = Math.ceil(numRows / splits / 64) * 64;
  const program = new LayerNormGainGradProgram(splits, width, (attrs as unknown as Attrs).epsilon);
  const webgpu = backend as WebGPUBackend;
  const partial = webgpu.runWebGPUProgram(program, [flat(dy), flat(x)], 'float32', [
    ...rowCount(numRows),
    { type: 'int32', data: [rowsPerSplit] },
  ]);
  return sumSplits(webgpu, partial, [width]);
};

const kernelConfigs: KernelConfig[] = [
  { kernelName: LAYER_NORM, backendName: 'webgpu', kernelFunc: layerNormKernel },
  { kernelName: LAYER_NORM_GRAD_X, backendName: 'webgpu', kernelFunc: layerNormGradXKernel },
  { kernelName: LAYER_NORM_GRAD_GAIN, backendName: 'webgpu', kernelFunc: layerNormGradGainKernel },
];

const layerNormGradConfig: GradConfig = {
  kernelName: LAYER_NORM,
  inputsToSave: ['x', 'gain'],
  gradFunc: (dy, [x, gain], attrs) => ({
    x: () => tf.engine().runKernel(LAYER_NORM_GRAD_X, { dy: dy as tf.Tensor, x, gain }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
    gain: () => tf.engine().runKernel(LAYER_NORM_GRAD_GAIN, { dy: dy as tf.Tensor, x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
  }),
};

/** Registers the kernels and the gradient; idempotent, so the op can call it lazily. */
export function registerLayerNormKernels(): void {
  for (const config of kernelConfigs) {
    if (getKernel(config.kernelName, config.backendName) === undefined) registerKernel(config);
  }
  if (getGradient(LAYER_NORM) === undefined) registerGradient(layerNormGradConfig);
}
