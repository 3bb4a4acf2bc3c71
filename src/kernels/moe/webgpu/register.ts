import { registerOnce } from '../../webgpu/registry';
import { moeGradients } from './grads';
import { moeCombineConfig, moeCombineUngatedConfig } from './kernels/MoeCombine';
import { moeDispatchConfig, moeDispatchGatedConfig } from './kernels/MoeDispatch';
import { moeGateGradConfig } from './kernels/MoeGateGrad';
import { moeGroupedMatMulConfig, moeGroupedMatMulGradInputConfig } from './kernels/MoeGroupedMatMul';
import { moeGroupedMatMulGradWeightConfig } from './kernels/MoeGroupedMatMulGradWeight';
import { moeRouteConfig } from './kernels/MoeRoute';
import { moeRouterSoftmaxConfig, moeRouterSoftmaxGradConfig } from './kernels/MoeRouterSoftmax';
import { moeSegmentSumConfig } from './kernels/MoeSegmentSum';

const moeKernelConfigs = [
  moeRouterSoftmaxConfig,
  moeRouterSoftmaxGradConfig,
  moeRouteConfig,
  moeDispatchConfig,
  moeDispatchGatedConfig,
  moeCombineConfig,
  moeCombineUngatedConfig,
  moeGateGradConfig,
  moeGroupedMatMulConfig,
  moeGroupedMatMulGradInputConfig,
  moeGroupedMatMulGradWeightConfig,
  moeSegmentSumConfig,
];

/** Registers the WGSL MoE kernels for the 'webgpu' backend and their gradients (once). */
export function registerMoeKernels(): void {
  registerOnce(moeKernelConfigs, moeGradients);
}
