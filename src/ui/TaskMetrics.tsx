// The latest evaluation per task: AUC with recall@P85 and recall@P50 beside it (as the
// paper's Table 4 reports them).
import { memo } from 'react';
import type { EvalMetrics } from '../train/metrics';
import { RECALL_DEFINITION } from './CompareView';
import { Subject } from './charts/kit';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : (100 * x).toFixed(1));

export const TaskMetrics = memo(function TaskMetrics({ last, subject }: { last: EvalMetrics | undefined; subject?: string | null }) {
  if (!last) return null;
  return (
    <figure className="chart" data-testid="task-metrics">
      <figcaption>
        <Subject subject={subject} />
        At step {last.step}, per task (×100) <abbr title={RECALL_DEFINITION}>what is recall@P?</abbr>
      </figcaption>
      <table>
        <thead>
          <tr>
            <th>Task</th>
            <th>AUC</th>
            <th>recall@P85</th>
            <th>recall@P50</th>
            <th>labelled users</th>
          </tr>
        </thead>
        <tbody>
          {last.tasks.map((t) => (
            <tr key={t.name}>
              <th>{t.name}</th>
              <td>{pct(t.auc)}</td>
              <td>{pct(t.recall?.[0])}</td>
              <td>{pct(t.recall?.[1])}</td>
              <td>{t.labelled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});
