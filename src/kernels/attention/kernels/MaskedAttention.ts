import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flat, int32 } from '../../webgpu/program';
import { webgpuKernel, type WebGPUKernelArgs } from '../../webgpu/registry';
import { MaskedAttention, type MaskedAttentionAttrs } from '../kernelNames';
import { MaskedAttentionProgram } from '../masked_attention_webgpu';

/** qkv [3, B·N, d], keyBias [B, 1, 1, N] → [B·N, d] attention output, heads side by side. */
export function maskedAttention({ inputs: { qkv, keyBias }, backend, attrs }: WebGPUKernelArgs<{ qkv: TensorInfo; keyBias: TensorInfo }, MaskedAttentionAttrs>): TensorInfo {
  const [, numTokens, d] = qkv.shape;
  const [numUsers, , , seqLen] = keyBias.shape;
  const program = new MaskedAttentionProgram(numUsers, seqLen, attrs.numHeads, d / attrs.numHeads);
  return backend.runWebGPUProgram(program, [flat(qkv), flat(keyBias)], 'float32', program.uniformData(int32(numTokens)));
}

export const maskedAttentionConfig = webgpuKernel(MaskedAttention, maskedAttention);
