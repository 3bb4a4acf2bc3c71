/** tfjs kernel name of the summed embedding lookup (registered for the 'webgpu' backend, no gradient). */
export const GatherSum = 'GatherSum';
