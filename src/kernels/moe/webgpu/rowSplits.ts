/**
 * WGSL for the row range of split `split` of `splits` of an expert's segment [start, end):
 * equal chunks rounded up to `align` rows. The chunking depends only on the segment length,
 * so a given routing always sums the same rows in the same order.
 */
export function splitRowsWgsl(align: number): string {
  return `
  fn splitRows(start : i32, end : i32, split : i32, splits : i32) -> vec2<i32> {
    let chunk = ((end - start + splits - 1) / splits + ${align - 1}) / ${align} * ${align};
    let first = min(end, start + split * chunk);
    return vec2<i32>(first, min(end, first + chunk));
  }
`;
}

/** Rows a split reduction aims to give each workgroup before it splits a segment further. */
export const ROWS_PER_SPLIT = 256;
/** Most splits of one segment: bounds the partial-sum memory. */
export const MAX_SPLITS = 8;

/**
 * How many row splits a segmented reduction uses: enough that an average segment (T / E rows)
 * gives each workgroup about ROWS_PER_SPLIT rows. Chosen on the host from shapes only, since
 * the real segment lengths stay on the GPU.
 */
export function rowSplits(numTokens: number, numExperts: number): number {
  return Math.min(MAX_SPLITS, Math.max(1, Math.floor(numTokens / (numExperts * ROWS_PER_SPLIT))));
}
