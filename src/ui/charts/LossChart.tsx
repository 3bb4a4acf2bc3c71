// Training loss against step: the weighted total and each task's indicator loss.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { downsample, lossSeries } from '../history';
import { ALL_TICKS, ChartFigure, MARGIN, STEP_AXIS, yTitle } from './kit';
import { colorOf, MAX_POINTS } from './palette';

const TOTAL_COLOR = '#111827';

export const LossChart = memo(function LossChart({ steps, taskNames, subject }: { steps: StepMetrics[]; taskNames: string[]; subject?: string | null }) {
  const data = useMemo(() => downsample(lossSeries(steps, taskNames), MAX_POINTS), [steps, taskNames]);
  const legend = [{ label: 'total (Σ λ·L + balance + z)', color: TOTAL_COLOR }, ...taskNames.map((n, k) => ({ label: n, color: colorOf(k) }))];
  return (
    <ChartFigure
      testId="loss-chart"
      points={data.length}
      subject={subject}
      legend={legend}
      empty={data.length === 0 ? 'Training loss appears after the first step.' : null}
      caption="Training loss per step (each task: its task-indicator BCE on the batch)"
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={MARGIN} title="Training loss per task against training step">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...STEP_AXIS} />
          <YAxis {...ALL_TICKS} label={yTitle('loss (BCE)')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(s) => `step ${String(s)}`} />
          <Line dataKey="loss" name="total" stroke={TOTAL_COLOR} dot={false} isAnimationActive={false} strokeWidth={2} />
          {taskNames.map((n, k) => (
            <Line key={n} dataKey={n} stroke={colorOf(k)} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
