// The compare view: the paper's Table 2 on this data — validation AUC ×100 per task for each
// model type trained on the same split and seed, the best of each column marked — with
// recall@P85 / recall@P50 (Table 4) under each AUC, and the first model type with each task
// trained alone: where the joint model is below its alone row, the other tasks cost that
// task something (the seesaw).
import { memo } from 'react';
import { modelName } from '../run/modelTypes';
import { BASELINE_LABEL, baselineIndex, bestPerColumn, type CompareTable, type TaskResult } from '../worker/compareTable';

export const RECALL_DEFINITION =
  'recall@P85 / recall@P50: the share of a task’s positive users found when the score threshold is set as low as it can go while the precision above it stays at least 85% / 50% (0 when no threshold reaches it).';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : (100 * x).toFixed(2));

function Cell({ r, best }: { r: TaskResult | null | undefined; best?: boolean }) {
  if (!r) return <td className="pending">…</td>;
  return (
    <td className={best ? 'best' : undefined} data-best={best ? 'true' : undefined}>
      <strong>{pct(r.auc)}</strong>
      {best && ' ★'}
      <small>
        {pct(r.recall[0])} / {pct(r.recall[1])}
      </small>
    </td>
  );
}

export const CompareView = memo(function CompareView({ table }: { table: CompareTable }) {
  const best = bestPerColumn(table);
  const alone = table.alone;
  const first = alone ? table.rows.find((r) => r.model === alone.model) : undefined;
  return (
    <figure className="chart compare" data-testid="compare-table">
      <figcaption>
        Compare: validation AUC ×100 per task (★ best of the column), under it recall@P85 / recall@P50 ×100. Same split, seed, input projection (MFP) and
        linear towers for every model; the logistic regression row is the bar a model must clear. MMoE and PLE read the MFP output max-pooled over the events (no sequence encoder); the dense transformer is
        SuperMoE with E = 1 (the paper’s BERT row).
      </figcaption>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>Model</th>
              {table.tasks.map((t) => (
                <th key={t}>{t}</th>
              ))}
              <th>
                Parameters<small>median step</small>
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={r.model} data-model={r.model}>
                <th>
                  {modelName(r.model)}
                  {r.pretrained && <small>MCP pre-trained</small>}
                </th>
                {table.tasks.map((t, k) => (
                  <Cell key={t} r={r.tasks[k]} best={best[k]?.includes(i)} />
                ))}
                <td>
                  {r.parameters.toLocaleString()}
                  <small>{r.stepMs === null ? '—' : `${Math.round(r.stepMs)} ms`}</small>
                </td>
              </tr>
            ))}
            {table.baseline && (
              <tr data-model="baseline" className="baseline">
                <th>
                  {BASELINE_LABEL}
                  <small>the bar: standardised per-user features, L2</small>
                </th>
                {table.tasks.map((t, k) => (
                  <Cell key={t} r={table.baseline?.[k]} best={best[k]?.includes(baselineIndex(table))} />
                ))}
                <td />
              </tr>
            )}
            {alone && (
              <tr data-model="alone" className="alone">
                <th>
                  {modelName(alone.model)}, each task alone<small>joint − alone in AUC points</small>
                </th>
                {table.tasks.map((t, k) => {
                  const a = alone.tasks[k];
                  const joint = first?.tasks[k]?.auc;
                  const delta = a?.auc != null && joint != null ? 100 * (joint - a.auc) : null;
                  return (
                    <td key={t} data-testid={`alone-${t}`}>
                      {a ? <strong>{pct(a.auc)}</strong> : '…'}
                      <small className={delta !== null && delta < 0 ? 'seesaw' : undefined}>{delta === null ? '' : `${delta >= 0 ? '+' : ''}${delta.toFixed(2)}`}</small>
                    </td>
                  );
                })}
                <td />
              </tr>
            )}
            {table.oracle.some((o) => o !== null) && (
              <tr className="oracle">
                <th>Oracle (true probabilities)</th>
                {table.oracle.map((o, k) => (
                  <td key={k}>{pct(o)}</td>
                ))}
                <td />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <p className="hint">{RECALL_DEFINITION}</p>
    </figure>
  );
});
