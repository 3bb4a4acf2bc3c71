// The learned user representations H of validation users, projected on their two principal
// components and coloured by a task's label: do the tasks separate in the shared space?
import { memo, useRef, useState } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Embeddings } from '../worker/protocol';
import { ChartDownloads } from './charts/ChartDownloads';
import { ALL_TICKS, ChartLegend, MARGIN, Subject, yTitle } from './charts/kit';
import { pca2 } from './pca';

const MAX_USERS = 1500;
const GROUPS = [
  { key: 'unlabelled', label: 'no label for this task', color: '#cbd5e1' },
  { key: 'negative', label: 'negative (0)', color: '#2563eb' },
  { key: 'positive', label: 'positive (1)', color: '#dc2626' },
] as const;

interface Props {
  taskNames: string[];
  disabled: boolean;
  /** The model (and phase) being trained: kept with the embeddings it gave. */
  subject: string;
  load(max: number): Promise<Embeddings>;
}

interface Projected {
  step: number;
  subject: string;
  explained: [number, number];
  xy: Float32Array;
  emb: Embeddings;
}

/** A coordinate as a person reads it: three significant digits. */
const short = (v: number) => String(Number(v.toPrecision(3)));

export const EmbeddingView = memo(function EmbeddingView({ taskNames, disabled, subject, load }: Props) {
  const [data, setData] = useState<Projected | null>(null);
  const [task, setTask] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const figure = useRef<HTMLElement>(null);
  const refresh = async () => {
    setBusy(true);
    try {
      const emb = await load(MAX_USERS);
      const { points, explained } = pca2(emb.h, emb.users, emb.dim);
      setData({ step: emb.step, subject, explained, xy: points, emb });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const groups = data ? split(data, task, taskNames.length) : null;
  const pc = (i: 0 | 1) => (data ? `PC${i + 1} (${(100 * data.explained[i]).toFixed(0)}% of variance)` : `PC${i + 1}`);
  return (
    <figure className="chart" data-testid="embedding-view" ref={figure}>
      <ChartDownloads figure={figure} name="embeddings-pca" disabled={!groups} />
      <figcaption>
        {data && <Subject subject={`${data.subject}, step ${data.step}`} />}
        User embeddings H (validation users, first two principal components){' '}
        <button type="button" disabled={disabled || busy} onClick={() => void refresh()}>
          {busy ? 'Computing…' : data ? `Refresh (shown: step ${data.step})` : 'Show'}
        </button>{' '}
        <select aria-label="colour by task" value={task} onChange={(e) => setTask(Number(e.target.value))}>
          {taskNames.map((n, k) => (
            <option key={n} value={k}>
              colour by {n}
            </option>
          ))}
        </select>
      </figcaption>
      {error && <p className="field-error">{error}</p>}
      {groups && (
        <>
          <ResponsiveContainer width="100%" height={300}>
            <ScatterChart margin={MARGIN} title="User embeddings on their first two principal components">
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis {...ALL_TICKS} dataKey="x" type="number" name="PC1" tickFormatter={(v: number) => v.toFixed(1)} label={{ value: pc(0), position: 'insideBottom', offset: -10, fill: '#475569', fontSize: 12 }} />
              <YAxis {...ALL_TICKS} dataKey="y" type="number" name="PC2" tickFormatter={(v: number) => v.toFixed(1)} label={yTitle(pc(1))} />
              <Tooltip formatter={(v) => (typeof v === 'number' ? short(v) : String(v))} />
              {GROUPS.map((g) => (
                <Scatter key={g.key} name={g.label} data={groups[g.key]} fill={g.color} isAnimationActive={false} />
              ))}
            </ScatterChart>
          </ResponsiveContainer>
          <ChartLegend items={GROUPS.map((g) => ({ label: g.label, color: g.color, mark: 'box' }))} />
        </>
      )}
    </figure>
  );
});

function split(p: Projected, task: number, K: number) {
  const out = { positive: [] as { x: number; y: number }[], negative: [] as { x: number; y: number }[], unlabelled: [] as { x: number; y: number }[] };
  for (let i = 0; i < p.emb.users; i++) {
    const point = { x: p.xy[2 * i], y: p.xy[2 * i + 1] };
    if (p.emb.labelMask[i * K + task] === 0) out.unlabelled.push(point);
    else (p.emb.labels[i * K + task] > 0.5 ? out.positive : out.negative).push(point);
  }
  return out;
}
