/**
 * tfjs kernel names of the MoE ops (registered for the 'webgpu' backend). Attributes:
 * MoeRoute {capacity: C, -1 for dropless}; MoeGroupedMatMul {activation: 'relu' | 'none'};
 * MoeGateGrad, MoeGroupedMatMulGradWeight and MoeSegmentSum {numExperts}.
 */
export const MoeRouterSoftmax = 'MoeRouterSoftmax';
export const MoeRouterSoftmaxGrad = 'MoeRouterSoftmaxGrad';
export const MoeRoute = 'MoeRoute';
export const MoeDispatch = 'MoeDispatch';
export const MoeDispatchGated = 'MoeDispatchGated';
export const MoeCombine = 'MoeCombine';
export const MoeCombineUngated = 'MoeCombineUngated';
export const MoeGateGrad = 'MoeGateGrad';
export const MoeGroupedMatMul = 'MoeGroupedMatMul';
export const MoeGroupedMatMulGradInput = 'MoeGroupedMatMulGradInput';
export const MoeGroupedMatMulGradWeight = 'MoeGroupedMatMulGradWeight';
export const MoeSegmentSum = 'MoeSegmentSum';
