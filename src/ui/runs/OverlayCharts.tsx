// Several kept runs on one chart each for validation AUC and training loss (as W&B compares
// runs): one colour per run, one line style per task, and a legend naming each run by the
// settings that differ between them.
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ALL_TICKS, ChartFigure, MARGIN, STEP_AXIS, yTitle, type LegendItem } from '../charts/kit';
import { colorOf, MAX_POINTS } from '../charts/palette';
import { aucSeries, downsample, type Point } from '../history';
import { differingSettings } from './differingSettings';
import { fileStem } from './historyCsv';
import type { RunRecord } from './runRecord';

const TASK_DASH = ['', '6 4', '2 3', '10 3 2 3'];
const MARKS = ['line', 'dashed', 'dotted', 'dashed'] as const;
const dashOf = (k: number) => TASK_DASH[k % TASK_DASH.length];
/** A series' values by key (a string dataKey would read a task named `a.b` as a path). */
const valueOf = (key: string) => (p: Point) => p[key] ?? null;

/** Each run's points under its own keys (`r0:buy`), merged by step. */
function merge(series: Point[][]): Point[] {
  const byStep = new Map<number, Point>();
  series.forEach((points, i) => {
    for (const p of points) {
      const step = p.step as number;
      const row = byStep.get(step) ?? { step };
      for (const [k, v] of Object.entries(p)) if (k !== 'step') row[`r${i}:${k}`] = v;
      byStep.set(step, row);
    }
  });
  return [...byStep.values()].sort((a, b) => (a.step as number) - (b.step as number));
}

function runLegend(runs: RunRecord[]): LegendItem[] {
  const differing = differingSettings(runs.map((r) => r.spec));
  return runs.map((r, i) => ({ label: differing[i].length > 0 ? `${r.name} — ${differing[i].join(', ')}` : r.name, color: colorOf(i) }));
}

export const OverlayCharts = memo(function OverlayCharts({ runs }: { runs: RunRecord[] }) {
  const tasks = useMemo(() => [...new Set(runs.flatMap((r) => r.tasks))], [runs]);
  const auc = useMemo(() => merge(runs.map((r) => downsample(aucSeries(r.history.evals), MAX_POINTS))), [runs]);
  const loss = useMemo(() => merge(runs.map((r) => downsample(r.history.steps.map((s) => ({ step: s.step, loss: s.loss })), MAX_POINTS))), [runs]);
  const legend = useMemo(() => runLegend(runs), [runs]);
  const taskLegend: LegendItem[] = tasks.length > 1 ? tasks.map((t, k) => ({ label: `task ${t}`, color: '#475569', mark: MARKS[k % MARKS.length] })) : [];
  const name = runs.length === 1 ? fileStem(runs[0].name) : `${runs.length}-runs`;
  const what = runs.length === 1 ? `“${runs[0].name}”` : `${runs.length} runs`;
  return (
    <div className="overlay" data-testid="overlay">
      <ChartFigure
        testId="overlay-auc-chart"
        fileName={`${name}-auc`}
        points={auc.length}
        legend={[...legend, ...taskLegend]}
        empty={auc.length === 0 ? 'No evaluation was kept for these runs.' : null}
        caption={`Validation AUC per task: ${what}${tasks.length === 1 ? ` (${tasks[0]})` : ''}`}
      >
        <ResponsiveContainer width="100%" height={250}>
          <LineChart data={auc} margin={MARGIN} title={`Validation AUC of ${what} against training step`}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis {...STEP_AXIS} />
            <YAxis {...ALL_TICKS} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(2)} label={yTitle('AUC (validation)')} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} labelFormatter={(s) => `step ${String(s)}`} />
            {runs.flatMap((r, i) =>
              tasks.map((t, k) => (
                <Line key={`${r.id}:${t}`} dataKey={valueOf(`r${i}:${t}`)} name={`${r.name} · ${t}`} stroke={colorOf(i)} strokeDasharray={dashOf(k)} dot={false} isAnimationActive={false} connectNulls />
              )),
            )}
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        testId="overlay-loss-chart"
        fileName={`${name}-loss`}
        points={loss.length}
        legend={legend}
        empty={loss.length === 0 ? 'No training step was kept for these runs.' : null}
        caption={`Training loss (total): ${what}`}
      >
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={loss} margin={MARGIN} title={`Training loss of ${what} against training step`}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis {...STEP_AXIS} />
            <YAxis {...ALL_TICKS} label={yTitle('loss')} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} labelFormatter={(s) => `step ${String(s)}`} />
            {runs.map((r, i) => (
              <Line key={r.id} dataKey={valueOf(`r${i}:loss`)} name={r.name} stroke={colorOf(i)} dot={false} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
});
