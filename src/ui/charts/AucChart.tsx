// Validation AUC per task against step, with the oracle AUC (the true probabilities' AUC on
// the same users) as a dashed line where the data is generated.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvalMetrics } from '../../train/metrics';
import { aucSeries, downsample } from '../history';
import { colorOf, MAX_POINTS } from './palette';

interface Props {
  evals: EvalMetrics[];
    tasks: { name: string; oracleAuc: number | null }[];
}

export const AucChart = memo(function AucChart({ evals, tasks }: Props) {
  const data = useMemo(() => downsample(aucSeries(evals), MAX_POINTS), [evals]);
  const last = evals.at(-1);
  return (
    <figure className="chart" data-testid="auc-chart" data-points={data.length}>
      <figcaption>
        Validation AUC per task{tasks.some((t) => t.oracleAuc !== null) && ' (dashed: the oracle AUC of the true probabilities)'}{' '}
        {last && (
          <span className="latest">
            at step {last.step}:{' '}
            {last.tasks.map((t) => `${t.name} ${t.auc === null ? `undefined (${t.undefinedReason})` : t.auc.toFixed(3)}${t.oracleAuc === null ? '' : ` (oracle ${t.oracleAuc.toFixed(3)})`}`).join(' · ')}
          </span>
        )}
      </figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis domain={[0.4, 1]} tickCount={7} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <Legend />
          {tasks.map((t, k) => (
            <Line key={t.name} dataKey={t.name} stroke={colorOf(k)} dot={data.length < 40} isAnimationActive={false} connectNulls />
          ))}
          {tasks.map((t, k) =>
            t.oracleAuc === null ? null : (
              <ReferenceLine key={`o-${t.name}`} y={t.oracleAuc} stroke={colorOf(k)} strokeDasharray="6 4" ifOverflow="extendDomain" />
            ),
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
