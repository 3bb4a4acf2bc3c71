// The built-in baseline (issue 9; README §Model 4): per task, a logistic regression on the
// per-user summary inputs (already standardised by the data layer) with scikit-learn's
// objective (logistic.ts), fitted on the labelled training users and scored on the validation
// users as the models are (exact AUC, recall@P85/P50). It is the bar a model must clear on a
// real log, and where the towers can start (towerInit 'baseline', README §Model 2.5).
import type { Dataset } from '../data/dataset';
import type { TowerStart } from '../model/towers';
import type { UserModel } from '../model/userModel';
import { exactAuc } from './auc';
import { fitLogistic, type LogisticFit } from './logistic';
import { RECALL_PRECISIONS, recallAtPrecision } from './recall';
import { fitWideIds } from './wideFit';
import { WIDE_C } from '../model/wideIds';

/** The baseline on one task's validation users. */
export interface BaselineTask {
  name: string;
  /** Exact validation AUC; null when undefined (with the reason) or when the training users have one class only. */
  auc: number | null;
  undefinedReason?: string;
  /** Recall at RECALL_PRECISIONS (0.85, 0.5). */
  recall: (number | null)[];
}

/** Width F of the dataset's user summary inputs; 0 without them. */
export function summaryWidth(d: Dataset): number {
  const F = d.userFeatureNames?.length ?? 0;
  if (F > 0 && d.userFeatures?.length !== d.numUsers * F) throw new Error(`The user summary inputs are not ${d.numUsers} × ${F} values.`);
  return F;
}

/** Task k's regression on those of `users` that have its label; null when they have one class only. */
export function fitTask(d: Dataset, users: ArrayLike<number>, k: number): LogisticFit | null {
  const F = summaryWidth(d);
  const K = d.tasks.length;
  const labelled = Array.from(users).filter((u) => d.labelMask[u * K + k] > 0);
  const x = new Float64Array(labelled.length * F);
  const y = new Float64Array(labelled.length);
  labelled.forEach((u, i) => {
    x.set(d.userFeatures!.subarray(u * F, (u + 1) * F), i * F);
    y[i] = d.labels[u * K + k] > 0.5 ? 1 : 0;
  });
  return fitLogistic({ x, y, n: labelled.length, F });
}

/** The regression's decision function x_u·w + b (its logit) for user u. */
export function baselineLogit(fit: LogisticFit, d: Dataset, u: number): number {
  const F = fit.weights.length;
  let z = fit.intercept;
  for (let j = 0; j < F; j++) z += d.userFeatures![u * F + j] * fit.weights[j];
  return z;
}

/** Per task, the regression's logits on the validation users (in `val`'s order); null for a task without a fit. */
export type BaselineScores = (Float64Array | null)[];

/** Per task: fitted on `train`, scored on `val`, with the scores themselves (paired comparisons, delong.ts). Null without summary inputs (no baseline). */
export function scoreBaseline(d: Dataset, train: ArrayLike<number>, val: ArrayLike<number>): { tasks: BaselineTask[]; scores: BaselineScores } | null {
  if (summaryWidth(d) === 0) return null;
  const K = d.tasks.length;
  const scored = d.tasks.map(({ name }, k): { task: BaselineTask; scores: Float64Array | null } => {
    const fit = fitTask(d, train, k);
    if (!fit) return { task: { name, auc: null, undefinedReason: 'the training users have one class only', recall: RECALL_PRECISIONS.map(() => null) }, scores: null };
    const scores = Float64Array.from(val, (u) => baselineLogit(fit, d, u));
    const labels = Float64Array.from(val, (u) => d.labels[u * K + k]);
    const mask = Float64Array.from(val, (u) => d.labelMask[u * K + k]);
    const auc = exactAuc(scores, labels, mask);
    const task = {
      name,
      auc: auc.defined ? auc.auc : null,
      ...(auc.defined ? {} : { undefinedReason: auc.reason }),
      recall: RECALL_PRECISIONS.map((p) => recallAtPrecision(scores, labels, p, mask)),
    };
    return { task, scores };
  });
  return { tasks: scored.map((s) => s.task), scores: scored.map((s) => s.scores) };
}

/** Per task: fitted on `train`, scored on `val`. Null without summary inputs (no baseline). */
export function evaluateBaseline(d: Dataset, train: ArrayLike<number>, val: ArrayLike<number>): BaselineTask[] | null {
  return scoreBaseline(d, train, val)?.tasks ?? null;
}

/** The towers' start from each task's regression; a task without one (one class) starts at 0. */
export function towerStart(fits: (LogisticFit | null)[], F: number): TowerStart {
  const K = fits.length;
  const summary = new Float32Array(F * K);
  const bias = new Float32Array(K);
  fits.forEach((fit, k) => {
    if (!fit) return;
    fit.weights.forEach((w, j) => (summary[j * K + k] = w));
    bias[k] = fit.intercept;
  });
  return { summary, bias };
}

/**
 * towerInit 'baseline' and 'cann': `model`'s towers start at the regressions fitted on `users`,
 * their weights on H at 0; with 'cann' (`fixed`) the weights on the summary inputs then stay
 * fixed, and with `fitValues` (model.wideFit) and value weights the towers' value tables are
 * fitted beside it (wideFit.ts) and kept fixed too. Without summary inputs the towers stay as
 * built (false).
 */
export function startTowersAtBaseline(model: UserModel, d: Dataset, users: ArrayLike<number>, fixed = false, fitValues = false): boolean {
  const F = summaryWidth(d);
  if (F === 0) return false;
  const fits = d.tasks.map((_, k) => fitTask(d, users, k));
  const start = towerStart(fits, F);
  const ids = model.towers.ids;
  if (fixed && fitValues && ids) {
    // model.wideFit: the value weights' regression beside the summary's (its logit the offset), fixed too.
    const wide = fitWideIds(d, users, ids.channels, ids.bag, fits.map((fit) => (fit ? (u: number) => baselineLogit(fit, d, u) : null)), WIDE_C);
    ids.set(wide.tables);
    ids.fix();
    wide.shift.forEach((delta, k) => (start.bias[k] += delta));
  }
  model.towers.start(start);
  if (fixed) model.towers.fixWide();
  return true;
}
