// Training loss against step: the weighted total and each task's indicator loss.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { downsample, lossSeries } from '../history';
import { colorOf, MAX_POINTS } from './palette';

export const LossChart = memo(function LossChart({ steps, taskNames }: { steps: StepMetrics[]; taskNames: string[] }) {
  const data = useMemo(() => downsample(lossSeries(steps, taskNames), MAX_POINTS), [steps, taskNames]);
  return (
    <figure className="chart" data-testid="loss-chart" data-points={data.length}>
      <figcaption>Training loss (task-indicator BCE per task; total = Σ λ·L + balance + z)</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
          <YAxis />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
          <Legend />
          <Line dataKey="loss" name="total" stroke="#111827" dot={false} isAnimationActive={false} strokeWidth={2} />
          {taskNames.map((n, k) => (
            <Line key={n} dataKey={n} stroke={colorOf(k)} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});
