/** tfjs kernel names of the MoE ops (registered for the 'webgpu' backend) and their attributes. */
export const MoeRouterSoftmax = 'MoeRouterSoftmax';
export const MoeRouterSoftmaxGrad = 'MoeRouterSoftmaxGrad';
export const MoeRoute = 'MoeRoute';
export interface MoeRouteAttrs {
  /** Slots per expert C; -1 for dropless. */
  capacity: number;
}
export const MoeDispatch = 'MoeDispatch';
export const MoeDispatchGated = 'MoeDispatchGated';
export const MoeCombine = 'MoeCombine';
export const MoeCombineUngated = 'MoeCombineUngated';
export const MoeGateGrad = 'MoeGateGrad';
export const MoeGroupedMatMul = 'MoeGroupedMatMul';
export interface MoeGroupedMatMulAttrs {
  activation: 'relu' | 'none';
}
export const MoeGroupedMatMulGradInput = 'MoeGroupedMatMulGradInput';
export const MoeGroupedMatMulGradWeight = 'MoeGroupedMatMulGradWeight';
export const MoeSegmentSum = 'MoeSegmentSum';
/** MoeGateGrad's, MoeGroupedMatMulGradWeight's and MoeSegmentSum's: E, which their inputs do not show. */
export interface MoeExpertCountAttrs {
  numExperts: number;
}
