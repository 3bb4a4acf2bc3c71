import { registerOnce, webgpuKernel } from '../webgpu/registry';
import { layerNormGradConfig } from './grads';
import { LayerNorm, LayerNormGradGain, LayerNormGradX } from './kernelNames';
import { layerNorm } from './kernels/LayerNorm';
import { layerNormGradGain } from './kernels/LayerNormGradGain';
import { layerNormGradX } from './kernels/LayerNormGradX';

const kernels = [webgpuKernel(LayerNorm, layerNorm), webgpuKernel(LayerNormGradX, layerNormGradX), webgpuKernel(LayerNormGradGain, layerNormGradGain)];

/** Registers the LayerNorm kernels for 'webgpu' and the gradient (once). */
export function registerLayerNormKernels(): void {
  registerOnce(kernels, [layerNormGradConfig]);
}
