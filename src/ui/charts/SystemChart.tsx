// Routing health and speed per step: dropped-token fraction and balance loss; tokens per
// second and step time.
import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { downsample, median, systemSeries } from '../history';
import { MAX_POINTS } from './palette';

export const SystemChart = memo(function SystemChart({ steps }: { steps: StepMetrics[] }) {
  const data = useMemo(() => downsample(systemSeries(steps), MAX_POINTS), [steps]);
  const recent = steps.slice(-20);
  const ms = median(recent.map((s) => s.stepMs));
  const tps = median(recent.map((s) => (s.tokens * 1000) / Math.max(1e-9, s.stepMs)));
  return (
    <div className="chart-pair">
      <figure className="chart" data-testid="routing-chart">
        <figcaption>Dropped tokens (share of routed) and load-balancing loss</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis yAxisId="l" />
            <YAxis yAxisId="r" orientation="right" />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Legend />
            <Line yAxisId="l" dataKey="droppedFraction" name="dropped" stroke="#dc2626" dot={false} isAnimationActive={false} />
            <Line yAxisId="r" dataKey="balanceLoss" name="balance loss" stroke="#2563eb" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="speed-chart">
        <figcaption>
          Speed{ms !== null && tps !== null && `: ${ms.toFixed(0)} ms/step, ${Math.round(tps).toLocaleString()} tokens/s (median of last ${recent.length})`}
        </figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
            <YAxis yAxisId="l" />
            <YAxis yAxisId="r" orientation="right" />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(0) : String(v))} />
            <Legend />
            <Line yAxisId="l" dataKey="tokensPerSecond" name="tokens/s" stroke="#16a34a" dot={false} isAnimationActive={false} />
            <Line yAxisId="r" dataKey="stepMs" name="ms/step" stroke="#6b7280" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
});
