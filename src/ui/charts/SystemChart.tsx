// Routing health and speed per step, each with two y-axes coloured like their series (and the
// legend saying which axis is which): the dropped-token share on its own 0-100 % axis and the
// balance loss on the right; tokens per second and milliseconds per step.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { downsample, median, systemSeries } from '../history';
import { ALL_TICKS, ChartFigure, MARGIN, percent, STEP_AXIS, yTitle } from './kit';
import { MAX_POINTS } from './palette';

const DROPPED = '#dc2626';
const BALANCE = '#2563eb';
const TOKENS = '#16a34a';
const MS = '#6b7280';

interface Props {
  steps: StepMetrics[];
  /** Dropless routing drops no token: the caption says so rather than leaving a flat line unexplained. */
  dropless: boolean;
  subject?: string | null;
}

export const SystemChart = memo(function SystemChart({ steps, dropless, subject }: Props) {
  const data = useMemo(() => downsample(systemSeries(steps), MAX_POINTS), [steps]);
  const recent = steps.slice(-20);
  const ms = median(recent.map((s) => s.stepMs));
  const tps = median(recent.map((s) => (s.tokens * 1000) / Math.max(1e-9, s.stepMs)));
  const empty = data.length === 0 ? 'Appears after the first step.' : null;
  const axisOf = (color: string) => ({ stroke: color, tick: { fill: color, fontSize: 12 } });
  return (
    <div className="chart-pair">
      <ChartFigure
        testId="routing-chart"
        points={data.length}
        subject={subject}
        empty={empty}
        legend={[
          { label: 'dropped tokens, % of routed (left axis)', color: DROPPED },
          { label: 'balance loss (right axis)', color: BALANCE },
        ]}
        caption={<>Dropped tokens and load-balancing loss{dropless && ' (dropless routing: no token is dropped)'}</>}
      >
        <ResponsiveContainer width="100%" height={190}>
          <LineChart data={data} margin={MARGIN} title="Dropped-token share and balance loss against training step">
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis {...STEP_AXIS} />
            <YAxis {...ALL_TICKS} yAxisId="dropped" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={percent} {...axisOf(DROPPED)} label={yTitle('dropped (%)', 'left', DROPPED)} />
            <YAxis {...ALL_TICKS} yAxisId="balance" orientation="right" {...axisOf(BALANCE)} tickFormatter={(v: number) => String(Number(v.toPrecision(2)))} label={yTitle('balance loss', 'right', BALANCE)} />
            <Tooltip
              labelFormatter={(s) => `step ${String(s)}`}
              formatter={(v, name) => (typeof v !== 'number' ? String(v) : name === 'dropped' ? `${(100 * v).toFixed(1)}%` : v.toFixed(4))}
            />
            <Line yAxisId="dropped" dataKey="droppedFraction" name="dropped" stroke={DROPPED} dot={false} isAnimationActive={false} />
            <Line yAxisId="balance" dataKey="balanceLoss" name="balance loss" stroke={BALANCE} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        testId="speed-chart"
        points={data.length}
        subject={subject}
        empty={empty}
        legend={[
          { label: 'tokens per second (left axis)', color: TOKENS },
          { label: 'ms per step (right axis)', color: MS },
        ]}
        caption={<>Speed{ms !== null && tps !== null && `: ${ms.toFixed(0)} ms/step, ${Math.round(tps).toLocaleString('en-US')} tokens/s (median of last ${recent.length})`}</>}
      >
        <ResponsiveContainer width="100%" height={190}>
          <LineChart data={data} margin={MARGIN} title="Tokens per second and milliseconds per step against training step">
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis {...STEP_AXIS} />
            <YAxis {...ALL_TICKS} yAxisId="tokens" {...axisOf(TOKENS)} tickFormatter={compact} label={yTitle('tokens / s', 'left', TOKENS)} />
            <YAxis {...ALL_TICKS} yAxisId="ms" orientation="right" {...axisOf(MS)} label={yTitle('ms / step', 'right', MS)} />
            <Tooltip labelFormatter={(s) => `step ${String(s)}`} formatter={(v) => (typeof v === 'number' ? Math.round(v).toLocaleString('en-US') : String(v))} />
            <Line yAxisId="tokens" dataKey="tokensPerSecond" name="tokens/s" stroke={TOKENS} dot={false} isAnimationActive={false} />
            <Line yAxisId="ms" dataKey="stepMs" name="ms/step" stroke={MS} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
});

/** 12,500 → "12.5k": tick labels that fit beside the axis. */
function compact(v: number): string {
  return Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Math.round(v));
}
