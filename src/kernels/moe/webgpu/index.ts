export { canRunRoutedExpertsKernel, routedExpertsKernel } from './routedExpertsKernel';
export { registerMoeKernels } from './register';
export * from './ops';
export * as moeKernelNames from './kernelNames';
export { routeLayout, type RouteLayout } from './routeLayout';
