import type { KernelConfig } from '@tensorflow/tfjs-core';
import { moeCombineConfig, moeCombineUngatedConfig } from './MoeCombine';
import { moeDispatchConfig, moeDispatchGatedConfig } from './MoeDispatch';
import { moeGateGradConfig } from './MoeGateGrad';
import { moeGroupedMatMulConfig, moeGroupedMatMulGradInputConfig } from './MoeGroupedMatMul';
import { moeGroupedMatMulGradWeightConfig } from './MoeGroupedMatMulGradWeight';
import { moeRouteConfig } from './MoeRoute';
import { moeRouterSoftmaxConfig, moeRouterSoftmaxGradConfig } from './MoeRouterSoftmax';
import { moeSegmentSumConfig } from './MoeSegmentSum';

/** Every MoE kernel for the 'webgpu' backend. */
export const moeKernelConfigs: KernelConfig[] = [
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
