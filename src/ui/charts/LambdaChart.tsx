// The task weights λ against step: flat for fixed λ; in the bi-level mode (README §Model 3.4) they
// move every R steps towards the tasks whose gradients agree with the validation AUC surrogate.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { lambdaSeries } from '../recipeHistory';
import { ALL_TICKS, ChartFigure, MARGIN, STEP_AXIS, yTitle } from './kit';
import { colorOf } from './palette';

interface Props {
  steps: StepMetrics[];
  taskNames: string[];
  bilevel: boolean;
  subject?: string | null;
}

export const LambdaChart = memo(function LambdaChart({ steps, taskNames, bilevel, subject }: Props) {
  const data = useMemo(() => lambdaSeries(steps, taskNames), [steps, taskNames]);
  const last = data.at(-1);
  return (
    <ChartFigure
      testId="lambda-chart"
      points={data.length}
      subject={subject}
      legend={taskNames.map((n, k) => ({ label: n, color: colorOf(k) }))}
      empty={data.length === 0 ? 'Task weights λ appear after the first step.' : null}
      caption={
        <>
          Task weights λ ({bilevel ? 'bi-level: tuned for validation AUC on held-out training users, Σλ = K' : 'fixed'})
          {last && <span className="latest"> now: {taskNames.map((n) => `${n} ${(last[n] ?? 0).toFixed(3)}`).join(' · ')}</span>}
        </>
      }
    >
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={data} margin={MARGIN} title="Task weights λ against training step">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...STEP_AXIS} />
          <YAxis {...ALL_TICKS} domain={[0, 'auto']} label={yTitle('weight λ')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} labelFormatter={(s) => `step ${String(s)}`} />
          {taskNames.map((n, k) => (
            <Line key={n} dataKey={n} stroke={colorOf(k)} dot={false} isAnimationActive={false} connectNulls />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});
