// The latest evaluation per task (once the phase has ended: the metrics of the step it kept):
// AUC with recall@P85 and recall@P50 beside it (as the paper's Table 4 reports them), the
// baseline's AUC, the bar, and the margin over it with its 95 % interval: on a small log a
// margin of a few thousandths is noise, and the interval says so. With the value weights, the
// values that raise each task most (why the task beats the baseline, when it does).
import { memo } from 'react';
import type { EvalMetrics, PhaseResult } from '../train/metrics';
import { RECALL_DEFINITION } from './CompareView';
import { Subject } from './charts/kit';
import { marginText } from './margin';
import { valuesText, valuesTitle } from './valueText';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : (100 * x).toFixed(1));
const MARGIN_TITLE =
  'AUC minus the baseline’s AUC on the same validation users, with its 95 % interval (paired DeLong). An interval that contains 0 means this split cannot tell the model from the baseline.';

const VALUES_TITLE =
  'The towers’ value weights (README §Model 2.5): the values of the events’ columns whose weight raises the task’s logit most, per event that holds them. Hover a cell for the full list, lowering values too.';

interface Props {
  last: EvalMetrics | undefined;
  /** How the phase ended (null while it runs). */
  kept?: PhaseResult | null;
  /** Per task, the baseline's validation AUC; null without one. */
  baseline?: (number | null)[] | null;
  subject?: string | null;
}

/** "At step 300", or once the phase has ended "Kept: step 150 (buys_again: step 100, …)". */
function stepText(last: EvalMetrics, kept: PhaseResult | null | undefined): string {
  if (!kept) return `At step ${last.step}`;
  const own = kept.taskSteps?.some((s) => s !== kept.step) ? ` (each task its own best: ${kept.metrics.tasks.map((t, k) => `${t.name} step ${kept.taskSteps![k]}`).join(', ')})` : '';
  return `Kept: step ${kept.step}${kept.restored ? ', restored' : ''}${own}`;
}

export const TaskMetrics = memo(function TaskMetrics({ last: latest, kept, baseline, subject }: Props) {
  const last = kept?.metrics ?? latest;
  if (!last) return null;
  const withBar = baseline?.some((b) => b !== null) ?? false;
  const withMargin = withBar && last.tasks.some((t) => t.vsBaseline !== undefined);
  const values = kept?.valueWeights;
  return (
    <figure className="chart" data-testid="task-metrics">
      <figcaption>
        <Subject subject={subject} />
        {stepText(last, kept)}, per task (×100) <abbr title={RECALL_DEFINITION}>what is recall@P?</abbr>
      </figcaption>
      <table>
        <thead>
          <tr>
            <th>Task</th>
            <th>AUC</th>
            <th>recall@P85</th>
            <th>recall@P50</th>
            <th>labelled users</th>
            {withBar && <th title="Logistic regression on the user summary, the same validation users: the bar the model must clear.">baseline AUC</th>}
            {withMargin && <th title={MARGIN_TITLE}>vs baseline (95 % interval)</th>}
            {values && <th title={VALUES_TITLE}>values that raise it most</th>}
          </tr>
        </thead>
        <tbody>
          {last.tasks.map((t, k) => (
            <tr key={t.name}>
              <th>{t.name}</th>
              <td>{pct(t.auc)}</td>
              <td>{pct(t.recall?.[0])}</td>
              <td>{pct(t.recall?.[1])}</td>
              <td>{t.labelled}</td>
              {withBar && <td data-testid={`baseline-${t.name}`}>{pct(baseline?.[k])}</td>}
              {withMargin && <td data-testid={`margin-${t.name}`}>{marginText(t.vsBaseline)}</td>}
              {values && (
                <td data-testid={`values-${t.name}`} title={valuesTitle(values[k])}>
                  {valuesText(values[k])}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});
