// Validation AUC per task against step, with the oracle AUC (the true probabilities' AUC on
// the same users) as a dashed line in the task's colour where the data is generated, labelled
// with its value at the right edge (the oracles of several tasks may lie within a few pixels).
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, usePlotArea, XAxis, YAxis, useYAxisScale } from 'recharts';
import type { EvalMetrics } from '../../train/metrics';
import { aucSeries, downsample } from '../history';
import { ALL_TICKS, ChartFigure, MARGIN, STEP_AXIS, yTitle, type LegendItem } from './kit';
import { colorOf, MAX_POINTS } from './palette';
import { spreadLabels } from './spread';

interface Task {
  name: string;
  oracleAuc: number | null;
}

interface Props {
  evals: EvalMetrics[];
  tasks: Task[];
  /** The model and phase shown, in a compare or recipe run. */
  subject?: string | null;
  /** Steps between evaluations: when the first point comes. */
  evalEvery: number;
  /** The bar per task (the logistic regression on the user summary, same validation users), in task order; null without one. */
  baseline?: (number | null)[] | null;
}

/** The step whose weights the run keeps so far (early stopping), and each task's own (per-task early stopping). */
function keptSteps(evals: EvalMetrics[]): { joint: number; perTask: (number | null)[] } | null {
  const es = evals.at(-1)?.earlyStop;
  if (!es || es.chosenStep === null) return null;
  return { joint: es.chosenStep, perTask: es.taskChosenSteps ?? [] };
}

/** The AUC axis: 0.4 to 1 in tenths, reaching lower when an AUC does (early in training a task may sit below 0.4). */
function aucAxis(data: Record<string, number | null>[], tasks: Task[], baseline: (number | null)[]): { domain: [number, number]; ticks: number[] } {
  let min = 0.4;
  for (const [k, t] of tasks.entries()) min = Math.min(min, t.oracleAuc ?? 1, baseline[k] ?? 1, ...data.map((p) => p[t.name] ?? 1));
  const lo = Math.floor(min * 10) / 10;
  return { domain: [lo, 1], ticks: Array.from({ length: Math.round((1 - lo) * 10) + 1 }, (_, i) => Number((lo + i / 10).toFixed(1))) };
}

/** Width of the oracle labels at the right edge. */
const ORACLE_LABEL_WIDTH = 44;

export const AucChart = memo(function AucChart({ evals, tasks, subject, evalEvery, baseline }: Props) {
  const bar = useMemo(() => tasks.map((_, k) => baseline?.[k] ?? null), [tasks, baseline]);
  const data = useMemo(() => downsample(aucSeries(evals), MAX_POINTS), [evals]);
  const axis = useMemo(() => aucAxis(data, tasks, bar), [data, tasks, bar]);
  const last = evals.at(-1);
  const kept = keptSteps(evals);
  const withOracle = tasks.some((t) => t.oracleAuc !== null);
  const withBar = bar.some((b) => b !== null);
  const legend: LegendItem[] = [
    ...tasks.map((t, k) => ({ label: t.name, color: colorOf(k) })),
    ...(withOracle ? [{ label: 'oracle AUC of each task (true probabilities)', color: '#64748b', mark: 'dashed' as const }] : []),
    ...(withBar ? [{ label: 'baseline of each task: logistic regression on the user summary', color: '#64748b', mark: 'dotted' as const }] : []),
    ...(kept ? [{ label: `step kept (early stopping)${kept.perTask.length > 0 ? '; ○ each task’s own best step' : ''}`, color: '#334155', mark: 'dashed' as const }] : []),
  ];
  return (
    <ChartFigure
      testId="auc-chart"
      points={data.length}
      subject={subject}
      legend={legend}
      empty={data.length === 0 ? `Validation AUC per task appears at the first evaluation${evalEvery > 0 ? ` (step ${evalEvery})` : ''}.` : null}
      caption={
        <>
          Validation AUC per task{' '}
          {last && (
            <span className="latest">
              at step {last.step}:{' '}
              {last.tasks.map((t) => `${t.name} ${t.auc === null ? `undefined (${t.undefinedReason})` : t.auc.toFixed(3)}${t.oracleAuc === null ? '' : ` (oracle ${t.oracleAuc.toFixed(3)})`}`).join(' · ')}
            </span>
          )}
        </>
      }
    >
      <ResponsiveContainer width="100%" height={250}>
        <LineChart data={data} margin={{ ...MARGIN, right: withOracle ? ORACLE_LABEL_WIDTH + 6 : MARGIN.right }} title="Validation AUC per task against training step">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...STEP_AXIS} />
          <YAxis {...ALL_TICKS} domain={axis.domain} ticks={axis.ticks} tickFormatter={(v: number) => v.toFixed(1)} label={yTitle('AUC (validation)')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} labelFormatter={(s) => `step ${String(s)}`} />
          {tasks.map((t, k) => (
            <Line key={t.name} dataKey={t.name} stroke={colorOf(k)} dot={data.length < 40} isAnimationActive={false} connectNulls />
          ))}
          {tasks.map((t, k) =>
            t.oracleAuc === null ? null : <ReferenceLine key={`o-${t.name}`} y={t.oracleAuc} stroke={colorOf(k)} strokeDasharray="6 4" ifOverflow="extendDomain" />,
          )}
          {tasks.map((t, k) =>
            bar[k] === null ? null : <ReferenceLine key={`b-${t.name}`} y={bar[k]!} stroke={colorOf(k)} strokeDasharray="1 4" strokeWidth={2} ifOverflow="extendDomain" />,
          )}
          {kept && <ReferenceLine x={kept.joint} stroke="#334155" strokeDasharray="4 3" />}
          {kept &&
            kept.perTask.map((step, k) => {
              const auc = step === null ? null : (evals.find((e) => e.step === step)?.tasks[k]?.auc ?? null);
              return step === null || auc === null ? null : <ReferenceDot key={`k-${k}`} x={step} y={auc} r={5} fill="none" stroke={colorOf(k)} strokeWidth={2} />;
            })}
          {withOracle && <OracleLabels tasks={tasks} />}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});

/** Each oracle's value in its task's colour past the right end of its line, spread so that none overlaps. */
function OracleLabels({ tasks }: { tasks: Task[] }) {
  const y = useYAxisScale();
  const plot = usePlotArea();
  if (!y || !plot) return null;
  const marks = tasks.flatMap((t, k) => (t.oracleAuc === null ? [] : [{ k, name: t.name, value: t.oracleAuc, at: y(t.oracleAuc) ?? 0 }]));
  const placed = spreadLabels(
    marks.map((m) => m.at),
    12,
    plot.y,
    plot.y + plot.height,
  );
  const x0 = plot.x + plot.width;
  return (
    <g className="oracle-labels" data-testid="oracle-labels">
      {marks.map((m, i) => (
        <g key={m.name}>
          <title>{`${m.name}: oracle AUC ${m.value.toFixed(3)}`}</title>
          <path d={`M${x0},${m.at} L${x0 + 6},${placed[i]}`} stroke={colorOf(m.k)} fill="none" />
          <text x={x0 + 8} y={placed[i]} dy="0.32em" fontSize={11} fill={colorOf(m.k)} data-task={m.name}>
            {m.value.toFixed(3)}
          </text>
        </g>
      ))}
    </g>
  );
}
