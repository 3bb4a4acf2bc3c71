// Routing health and speed per step, each with two y-axes coloured like their series (and the
// legend saying which axis is which): the dropped-token share on its own 0-100 % axis and the
// balance loss on the right; tokens per second and milliseconds per step; live tensors and
// device memory after each step (a leak shows as a rising line).
import { memo, useMemo, type ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { downsample, median, systemSeries } from '../history';
import { ALL_TICKS, ChartFigure, MARGIN, percent, STEP_AXIS, yTitle } from './kit';
import { MAX_POINTS } from './palette';
import { useStaggered } from '../stagger';

type Point = ReturnType<typeof systemSeries>[number];

/** One series of a two-axis chart, and its axis. */
interface Series {
  key: keyof Point & string;
  /** Tooltip name. */
  name: string;
  /** Legend text (the chart adds which axis). */
  legend: string;
  /** Axis title, with its unit. */
  axis: string;
  color: string;
  tick?(v: number): string;
  /** Tooltip value. */
  value(v: number): string;
  /** Fixed axis range and ticks (the dropped share: always 0-100 %). */
  domain?: [number, number];
  ticks?: number[];
}

const DROPPED: Series = {
  key: 'droppedFraction',
  name: 'dropped',
  legend: 'dropped tokens, % of routed',
  axis: 'dropped (%)',
  color: '#dc2626',
  tick: percent,
  value: (v) => `${(100 * v).toFixed(1)}%`,
  domain: [0, 1],
  ticks: [0, 0.25, 0.5, 0.75, 1],
};
const BALANCE: Series = { key: 'balanceLoss', name: 'balance loss', legend: 'balance loss', axis: 'balance loss', color: '#2563eb', tick: (v) => String(Number(v.toPrecision(2))), value: (v) => v.toFixed(4) };
const whole = (v: number) => Math.round(v).toLocaleString('en-US');
const TOKENS: Series = { key: 'tokensPerSecond', name: 'tokens/s', legend: 'tokens per second', axis: 'tokens / s', color: '#16a34a', tick: compact, value: whole };
const TENSORS: Series = { key: 'tensors', name: 'tensors', legend: 'live tensors', axis: 'tensors', color: '#9333ea', value: whole };
const GPU: Series = { key: 'gpuMiB', name: 'device MiB', legend: 'device memory in use, MiB', axis: 'device memory (MiB)', color: '#ea580c', tick: (v) => String(Number(v.toPrecision(3))), value: (v) => `${v.toFixed(1)} MiB` };
const MS: Series = { key: 'stepMs', name: 'ms/step', legend: 'ms per step', axis: 'ms / step', color: '#6b7280', value: whole };

interface Props {
  steps: StepMetrics[];
  /** Dropless routing drops no token: the caption says so rather than leaving a flat line unexplained. */
  dropless: boolean;
  subject?: string | null;
  /** The first of the three stagger slots (stagger.ts) this chart's plots take, one each. */
  slot: number;
}

/** One plot of the system chart: its two series and its caption from the steps it shows. */
interface Panel {
  testId: string;
  /** The plot's accessible name. */
  title: string;
  left: Series;
  right: Series;
  caption(steps: StepMetrics[], dropless: boolean): ReactNode;
}

const PANELS: Panel[] = [
  {
    testId: 'routing-chart',
    title: 'Dropped-token share and balance loss against training step',
    left: DROPPED,
    right: BALANCE,
    caption: (_, dropless) => <>Dropped tokens and load-balancing loss{dropless && ' (dropless routing: no token is dropped)'}</>,
  },
  {
    testId: 'speed-chart',
    title: 'Tokens per second and milliseconds per step against training step',
    left: TOKENS,
    right: MS,
    caption: (steps) => {
      const recent = steps.slice(-20);
      const ms = median(recent.map((s) => s.stepMs));
      const tps = median(recent.map((s) => (s.tokens * 1000) / Math.max(1e-9, s.stepMs)));
      return <>Speed{ms !== null && tps !== null && `: ${ms.toFixed(0)} ms/step, ${Math.round(tps).toLocaleString('en-US')} tokens/s (median of last ${recent.length})`}</>;
    },
  },
  {
    testId: 'memory-chart',
    title: 'Live tensors and device memory against training step',
    left: TENSORS,
    right: GPU,
    caption: (steps) => {
      const last = steps.at(-1);
      return <>Memory after each step{last?.memory && `: ${last.memory.tensors.toLocaleString('en-US')} tensors, ${(last.memory.bytes / 2 ** 20).toFixed(1)} MiB`} (flat over a healthy run)</>;
    },
  },
];

/** Three two-axis plots. Each takes the new steps in its own task: rendering the three together made one main-thread task of up to 260 ms on a slow machine. */
export function SystemChart({ steps, dropless, subject, slot }: Props) {
  return (
    <div className="chart-pair">
      {PANELS.map((panel, i) => (
        <StaggeredPanel key={panel.testId} panel={panel} steps={steps} slot={slot + i} dropless={dropless} subject={subject} />
      ))}
    </div>
  );
}

interface PanelProps {
  panel: Panel;
  steps: StepMetrics[];
  dropless: boolean;
  subject?: string | null;
}

function StaggeredPanel({ slot, steps, ...rest }: PanelProps & { slot: number }) {
  return <SystemPanel steps={useStaggered(steps, slot)} {...rest} />;
}

/** One plot of the system chart, drawn again only when its (staggered) steps change. */
const SystemPanel = memo(function SystemPanel({ panel, steps, dropless, subject }: PanelProps) {
  const data = useMemo(() => downsample(systemSeries(steps), MAX_POINTS), [steps]);
  const { caption, ...plot } = panel;
  return <TwoAxisChart {...plot} data={data} subject={subject} caption={caption(steps, dropless)} />;
});

interface TwoAxisProps {
  testId: string;
  data: Point[];
  subject?: string | null;
  caption: ReactNode;
  /** The plot's accessible name. */
  title: string;
  left: Series;
  right: Series;
}

/** Two series against step, each on its own y-axis coloured like it (left, right). */
function TwoAxisChart({ testId, data, subject, caption, title, left, right }: TwoAxisProps) {
  const bySeriesName = new Map([left, right].map((s) => [s.name, s]));
  return (
    <ChartFigure
      testId={testId}
      points={data.length}
      subject={subject}
      empty={data.length === 0 ? 'Appears after the first step.' : null}
      legend={[
        { label: `${left.legend} (left axis)`, color: left.color },
        { label: `${right.legend} (right axis)`, color: right.color },
      ]}
      caption={caption}
    >
      <ResponsiveContainer width="100%" height={190}>
        <LineChart data={data} margin={MARGIN} title={title}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...STEP_AXIS} />
          {(['left', 'right'] as const).map((side) => {
            const s = side === 'left' ? left : right;
            return (
              <YAxis
                {...ALL_TICKS}
                key={side}
                yAxisId={side}
                orientation={side}
                domain={s.domain}
                ticks={s.ticks}
                tickFormatter={s.tick}
                stroke={s.color}
                tick={{ fill: s.color, fontSize: 12 }}
                label={yTitle(s.axis, side, s.color)}
              />
            );
          })}
          <Tooltip
            labelFormatter={(step) => `step ${String(step)}`}
            formatter={(v, name) => (typeof v === 'number' ? (bySeriesName.get(String(name))?.value(v) ?? String(v)) : String(v))}
          />
          <Line yAxisId="left" dataKey={left.key} name={left.name} stroke={left.color} dot={false} isAnimationActive={false} />
          <Line yAxisId="right" dataKey={right.key} name={right.name} stroke={right.color} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** 12,500 → "12.5k": tick labels that fit beside the axis. */
function compact(v: number): string {
  return Math.abs(v) >= 1000 ? `${Number((v / 1000).toPrecision(3))}k` : String(Math.round(v));
}
