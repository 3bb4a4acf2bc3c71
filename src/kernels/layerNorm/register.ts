import { registerOnce } from '../webgpu/registry';
import { layerNormGradient } from './grads';
import { layerNormConfig } from './kernels/LayerNorm';
import { layerNormGradGainConfig } from './kernels/LayerNormGradGain';
import { layerNormGradXConfig } from './kernels/LayerNormGradX';

/** Registers the LayerNorm kernels for 'webgpu' and the gradient (once). */
export function registerLayerNormKernels(): void {
  registerOnce([layerNormConfig, layerNormGradXConfig, layerNormGradGainConfig], [layerNormGradient]);
}
