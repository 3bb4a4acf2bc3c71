// MCP pre-training (README §Model 3.1) per channel: the loss L_mcp^i (squared error for dense
// channels), and for category/ID channels the accuracy and HR@10 of the masked values — on
// the training batches as they go, and on the validation users at each evaluation.
import { memo, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { McpEvalMetrics, McpStepMetrics } from '../../train/mcpMetrics';
import { mcpSeries, type McpMeasure } from '../recipeHistory';
import { ALL_TICKS, ChartFigure, MARGIN, STEP_AXIS, yTitle } from './kit';
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
  return (
    <ChartFigure
      testId="mcp-chart"
      points={data.length}
      legend={channels.map((c, i) => ({ label: c.name, color: colorOf(i) }))}
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
            validation at step {last.step}: {last.channels.map((c) => `${c.name} loss ${fmt(c.loss)}${c.accuracy === null ? '' : ` acc ${fmt(c.accuracy)}`}${c.hitRate10 === null ? '' : ` HR@10 ${fmt(c.hitRate10)}`}`).join(' · ')}
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
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
});

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));
