// A run's metric history as CSV, one row per step: the training losses of that step and, at
// the steps that were evaluated, the validation AUC and loss of each task (empty elsewhere).
import { csvText, numberText } from '../../data/exportText';
import type { RunRecord } from './runRecord';

/** A CSV cell with the export's writers (src/data/exportText.ts): text neutralised and quoted as needed, a number as it reads back, nothing for a missing value. */
export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? numberText(v) : csvText(v);
}

const row = (cells: (string | number | null | undefined)[]) => cells.map(csvCell).join(',');

export function historyCsv(r: RunRecord): string {
  const header = ['step', 'loss', 'balance_loss', 'z_loss', 'tokens', 'step_ms', ...r.tasks.map((t) => `loss ${t}`), ...r.tasks.map((t) => `val_auc ${t}`), ...r.tasks.map((t) => `val_loss ${t}`)];
  const steps = new Map(r.history.steps.map((s) => [s.step, s]));
  const evals = new Map(r.history.evals.map((e) => [e.step, e]));
  const all = [...new Set([...steps.keys(), ...evals.keys()])].sort((a, b) => a - b);
  const lines = all.map((n) => {
    const s = steps.get(n);
    const e = evals.get(n);
    return row([n, s?.loss, s?.balanceLoss, s?.zLoss, s?.tokens, s?.stepMs, ...r.tasks.map((_, k) => s?.taskLoss[k]), ...r.tasks.map((_, k) => e?.tasks[k]?.auc), ...r.tasks.map((_, k) => e?.tasks[k]?.loss)]);
  });
  return [row(header), ...lines].join('\n') + '\n';
}

/** A file name from the run's name: letters, digits, dot, dash and underscore only. */
export function fileStem(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^_+|_+$/g, '') || 'run';
}
