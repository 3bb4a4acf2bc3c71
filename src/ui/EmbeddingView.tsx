// The learned user representations H of validation users, projected on their two principal
// components and coloured by a task's label: do the tasks separate in the shared space?
import { memo, useState } from 'react';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Embeddings } from '../worker/protocol';
import { pca2 } from './pca';

const MAX_USERS = 1500;

interface Props {
  taskNames: string[];
  disabled: boolean;
  load(max: number): Promise<Embeddings>;
}

interface Projected {
  step: number;
  explained: [number, number];
  xy: Float32Array;
  emb: Embeddings;
}

export const EmbeddingView = memo(function EmbeddingView({ taskNames, disabled, load }: Props) {
  const [data, setData] = useState<Projected | null>(null);
  const [task, setTask] = useState(0);
  const [busy, setBusy] = useState(false);
  const refresh = async () => {
    setBusy(true);
    try {
      const emb = await load(MAX_USERS);
      const { points, explained } = pca2(emb.h, emb.users, emb.dim);
      setData({ step: emb.step, explained, xy: points, emb });
    } finally {
      setBusy(false);
    }
  };
  const groups = data ? split(data, task, taskNames.length) : null;
  return (
    <figure className="chart" data-testid="embedding-view">
      <figcaption>
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
        {data && ` · PC1 ${(100 * data.explained[0]).toFixed(0)}%, PC2 ${(100 * data.explained[1]).toFixed(0)}% of variance`}
      </figcaption>
      {groups && (
        <ResponsiveContainer width="100%" height={300}>
          <ScatterChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" type="number" name="PC1" tickFormatter={(v: number) => v.toFixed(1)} />
            <YAxis dataKey="y" type="number" name="PC2" tickFormatter={(v: number) => v.toFixed(1)} />
            <Tooltip />
            <Legend />
            <Scatter name="unlabelled" data={groups.unlabelled} fill="#cbd5e1" isAnimationActive={false} />
            <Scatter name="negative" data={groups.negative} fill="#2563eb" isAnimationActive={false} />
            <Scatter name="positive" data={groups.positive} fill="#dc2626" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
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
