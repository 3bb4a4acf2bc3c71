// Exact ROC AUC: the probability that a random positive scores above a random negative,
// ties counted half (Mann-Whitney U with mid-ranks). No thresholds, no approximation.
import type { Dataset } from '../data/dataset';

export type AucResult =
  | { defined: true; auc: number; positives: number; negatives: number }
  | { defined: false; reason: string; positives: number; negatives: number };

/**
 * AUC of `scores` against binary `labels`, over entries where `mask` (the task indicator)
 * is 1. With only one class present, AUC is undefined and the result says why.
 */
export function exactAuc(scores: ArrayLike<number>, labels: ArrayLike<number>, mask?: ArrayLike<number>): AucResult {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!mask || mask[i] > 0) idx.push(i);
  let positives = 0;
  for (const i of idx) if (labels[i] > 0.5) positives++;
  const negatives = idx.length - positives;
  if (positives === 0 || negatives === 0) {
    const only = positives === 0 ? 'negative' : 'positive';
    const reason = idx.length === 0 ? 'no labelled examples' : `only ${only} labels (${idx.length} examples): AUC needs both classes`;
    return { defined: false, reason, positives, negatives };
  }
  for (const i of idx) {
    if (!Number.isFinite(scores[i])) {
      return { defined: false, reason: `score of example ${i} is ${scores[i]}`, positives, negatives };
    }
  }
  idx.sort((a, b) => scores[a] - scores[b]);
  // Sum of mid-ranks of the positives; a run of equal scores shares its average rank.
  let rankSum = 0;
  for (let start = 0; start < idx.length; ) {
    let end = start;
    while (end + 1 < idx.length && scores[idx[end + 1]] === scores[idx[start]]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) if (labels[idx[j]] > 0.5) rankSum += midRank;
    start = end + 1;
  }
  const u = rankSum - (positives * (positives + 1)) / 2;
  return { defined: true, auc: u / (positives * negatives), positives, negatives };
}

/** The oracle AUC of task k on `users`: the AUC of the generator's true probabilities (generated data only, else null). */
export function oracleAuc(d: Dataset, users: ArrayLike<number>, k: number): number | null {
  if (!d.trueProb) return null;
  const K = d.tasks.length;
  const column = (a: ArrayLike<number>) => Array.from(users, (u) => a[u * K + k]);
  const r = exactAuc(column(d.trueProb), column(d.labels), column(d.labelMask));
  return r.defined ? r.auc : null;
}
