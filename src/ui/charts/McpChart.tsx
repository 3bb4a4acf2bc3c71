// MCP pre-training (README §Model 3.1) per channel: the loss L_mcp^i (squared error for dense
// channels), and for category/ID channels the accuracy and HR@10 of the masked values — on
// the training batches as they go, and on the validation users at each evaluation. A dotted
// line per channel is its bar: the same measure of the values predicted from their frequency
// alone (train/mcpReference.ts), as the AUC chart's dotted line is the tasks' regression.
import { memo, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { McpChannelMetrics, McpEvalMetrics, McpStepMetrics } from '../../train/mcpMetrics';
import { mcpSeries, type McpMeasure } from '../recipeHistory';
import { ALL_TICKS, ChartFigure, MARGIN, STEP_AXIS, yTitle, type LegendItem } from './kit';
import { colorOf } from './palette';

/** The y-axis title of each measure. */
const AXIS: Record<McpMeasure, string> = { loss: 'MCP loss', accuracy: 'accuracy (share)', hitRate10: 'HR@10 (share)' };

const MEASURES: [McpMeasure, string][] = [
  ['loss', 'loss (−log p; dense: squared error)'],
  ['accuracy', 'accuracy (top 1)'],
  ['hitRate10', 'HR@10 (true value in the top 10)'],
];

export const McpChart = memo(function McpChart({ steps, evals }: { steps: McpStepMetrics[]; evals: McpEvalMetrics[] }) {
  const [measure, setMeasure] = useState<McpMeasure>('loss');
  const [source, setSource] = useState<'train' | 'val'>('train');
  const points = source === 'train' ? steps : evals;
  const data = useMemo(() => mcpSeries(points, measure), [points, measure]);
  const channels = (steps[0] ?? evals[0])?.channels ?? [];
  const last = evals.at(-1);
  const bar = channels.map((c) => last?.reference?.find((r) => r.name === c.name)?.[measure] ?? null);
  const legend: LegendItem[] = [
    ...channels.map((c, i) => ({ label: c.name, color: colorOf(i) })),
    ...(bar.some((b) => b !== null) ? [{ label: 'each channel’s values predicted from their frequency alone (validation users)', color: '#64748b', mark: 'dotted' as const }] : []),
  ];
  return (
    <ChartFigure
      testId="mcp-chart"
      points={data.length}
      legend={legend}
      empty={data.length === 0 ? (source === 'val' ? 'Validation MCP metrics appear at the first evaluation.' : 'MCP metrics appear after the first step.') : null}
      caption={
        <>
        MCP pre-training per channel:{' '}
        <select aria-label="MCP measure" value={measure} onChange={(e) => setMeasure(e.target.value as McpMeasure)}>
          {MEASURES.map(([m, text]) => (
            <option key={m} value={m}>
              {text}
            </option>
          ))}
        </select>{' '}
        on{' '}
        <select aria-label="MCP data" value={source} onChange={(e) => setSource(e.target.value as 'train' | 'val')}>
          <option value="train">training batches</option>
          <option value="val">validation users</option>
        </select>
        {last && (
          <span className="latest" data-testid="mcp-latest">
            {' '}
            validation at step {last.step}{last.reference ? ' (in brackets: by frequency alone)' : ''}: {last.channels.map((c, i) => latest(c, last.reference?.[i])).join(' · ')}
          </span>
        )}
        </>
      }
    >
      <ResponsiveContainer width="100%" height={210}>
        <LineChart data={data} margin={MARGIN} title={`MCP pre-training ${AXIS[measure]} per channel against step`}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...STEP_AXIS} />
          <YAxis {...ALL_TICKS} domain={measure === 'loss' ? ['auto', 'auto'] : [0, 1]} label={yTitle(AXIS[measure])} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} labelFormatter={(s) => `step ${String(s)}`} />
          {channels.map((c, i) => (
            <Line key={c.name} dataKey={c.name} stroke={colorOf(i)} dot={data.length < 40} isAnimationActive={false} connectNulls />
          ))}
          {channels.map((c, i) =>
            bar[i] === null ? null : <ReferenceLine key={`f-${c.name}`} y={bar[i]!} stroke={colorOf(i)} strokeDasharray="1 4" strokeWidth={2} ifOverflow="extendDomain" />,
          )}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/** "item loss 5.537 (6.012) acc 0.230 (0.208)": the model's measure, its frequency reference in brackets. */
function latest(c: McpChannelMetrics, ref: McpChannelMetrics | undefined): string {
  const part = (label: string, m: 'loss' | 'accuracy' | 'hitRate10') => (c[m] === null ? '' : ` ${label} ${fmt(c[m])}${ref && ref[m] !== null ? ` (${fmt(ref[m])})` : ''}`);
  return `${c.name}${part('loss', 'loss')}${part('acc', 'accuracy')}${part('HR@10', 'hitRate10')}`;
}
