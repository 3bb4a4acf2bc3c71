/** tfjs kernel names of the MoE ops (registered for the 'webgpu' backend). */
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

/** Attributes of MoeRoute: capacity C (slots per expert), -1 for dropless. */
export interface MoeRouteAttrs {
  capacity: number;
}

/** Attributes of MoeGroupedMatMul. */
export interface MoeGroupedMatMulAttrs {
  activation: 'relu' | 'none';
}

/** Kernels whose output shape involves E but whose inputs do not say it. */
export interface MoeNumExpertsAttrs {
  numExperts: number;
}
