// The task weights λ against step: flat for fixed λ; in the bi-level mode (README §Model 3.4) they
// move every R steps towards the tasks whose gradients agree with the validation AUC surrogate.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { lambdaSeries } from '../recipeHistory';
import { colorOf } from './palette';

export const LambdaChart = memo(function LambdaChart({ steps, taskNames, bilevel }: { steps: StepMetrics[]; taskNames: string[]; bilevel: boolean }) {
  const data = useMemo(() => lambdaSeries(steps, taskNames), [steps, taskNames]);
  const last = data.at(-1);
  return (
    <figure className="chart" data-testid="lambda-chart" data-points={data.length}>
      <figcaption>
        Task weights λ ({bilevel ? 'bi-level: tuned for validation AUC on held-out training users, Σλ = K' : 'fixed'})
        {last && <span className="latest"> now: {taskNames.map((n) => `${n} ${(last[n] ?? 0).toFixed(3)}`).join(' · ')}</span>}
      </figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis domain={[0, 'auto']} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <Legend />
          {taskNames.map((n, k) => (
            <Line key={n} dataKey={n} stroke={colorOf(k)} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
