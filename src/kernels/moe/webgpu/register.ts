import * as names from './kernelNames';
import { moeGradConfigs } from './grads';
import { moeCombine, moeCombineUngated } from './kernels/MoeCombine';
import { moeDispatch, moeDispatchGated } from './kernels/MoeDispatch';
import { moeGateGrad } from './kernels/MoeGateGrad';
import { moeGroupedMatMul, moeGroupedMatMulGradInput } from './kernels/MoeGroupedMatMul';
import { moeGroupedMatMulGradWeight } from './kernels/MoeGroupedMatMulGradWeight';
import { moeRoute } from './kernels/MoeRoute';
import { moeRouterSoftmax, moeRouterSoftmaxGrad } from './kernels/MoeRouterSoftmax';
import { moeSegmentSum } from './kernels/MoeSegmentSum';
import { registerOnce, webgpuKernel } from '../../webgpu/registry';

const moeKernelConfigs = [
  webgpuKernel(names.MoeRouterSoftmax, moeRouterSoftmax),
  webgpuKernel(names.MoeRouterSoftmaxGrad, moeRouterSoftmaxGrad),
  webgpuKernel(names.MoeRoute, moeRoute),
  webgpuKernel(names.MoeDispatch, moeDispatch),
  webgpuKernel(names.MoeDispatchGated, moeDispatchGated),
  webgpuKernel(names.MoeCombine, moeCombine),
  webgpuKernel(names.MoeCombineUngated, moeCombineUngated),
  webgpuKernel(names.MoeGateGrad, moeGateGrad),
  webgpuKernel(names.MoeGroupedMatMul, moeGroupedMatMul),
  webgpuKernel(names.MoeGroupedMatMulGradInput, moeGroupedMatMulGradInput),
  webgpuKernel(names.MoeGroupedMatMulGradWeight, moeGroupedMatMulGradWeight),
  webgpuKernel(names.MoeSegmentSum, moeSegmentSum),
];

/** Registers the WGSL MoE kernels for the 'webgpu' backend and their gradients (once). */
export function registerMoeKernels(): void {
  registerOnce(moeKernelConfigs, moeGradConfigs);
}
