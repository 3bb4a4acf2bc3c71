// Recall at a fixed precision (the paper's Table 4 reports recall@85 and recall@50 beside
// AUC): the share of positives found when the score threshold is set as low as it can go
// while the precision of what is above it stays at least P. Thresholds sit between distinct
// scores, so equal scores are taken or left together.

/** Precisions the app reports as recall@P85 and recall@P50. */
export const RECALL_PRECISIONS = [0.85, 0.5] as const;

/**
 * Highest recall over thresholds whose precision is ≥ `precision`, over entries where `mask`
 * (the task indicator) is 1. 0 when no threshold reaches that precision; null without any
 * positive (recall is undefined).
 */
export function recallAtPrecision(scores: ArrayLike<number>, labels: ArrayLike<number>, precision: number, mask?: ArrayLike<number>): number | null {
  const idx: number[] = [];
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (mask && !(mask[i] > 0)) continue;
    idx.push(i);
    if (labels[i] > 0.5) positives++;
  }
  if (positives === 0) return null;
  idx.sort((a, b) => scores[b] - scores[a]);
  let tp = 0;
  let fp = 0;
  let best = 0;
  for (let start = 0; start < idx.length; ) {
    let end = start;
    while (end + 1 < idx.length && scores[idx[end + 1]] === scores[idx[start]]) end++;
    for (let j = start; j <= end; j++) {
      if (labels[idx[j]] > 0.5) tp++;
      else fp++;
    }
    // A hair of tolerance: 17/20 must count as precision 0.85 despite rounding.
    if (tp / (tp + fp) >= precision - 1e-12) best = Math.max(best, tp / positives);
    start = end + 1;
  }
  return best;
}
