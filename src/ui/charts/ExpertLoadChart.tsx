// Expert load of every routed site: the fraction of tokens each expert received (now, as bars,
// mean of the last steps), and one chosen site over time. Even bars = balanced routing.
import { useMemo, useState } from 'react';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { downsample, loadSeries, recentLoad, type RunHistory } from '../history';
import { colorOf, MAX_POINTS } from './palette';

/** Steps averaged for the "now" bars. */
const RECENT_STEPS = 10;

export function ExpertLoadChart({ history }: { history: RunHistory }) {
  const load = useMemo(() => recentLoad(history, RECENT_STEPS), [history]);
  const sites = [...load.keys()];
  const [chosen, setChosen] = useState<string | null>(null);
  const site = chosen && load.has(chosen) ? chosen : sites[0];
  if (sites.length === 0) return <figure className="chart">Expert load appears after the first step.</figure>;
  return (
    <figure className="chart" data-testid="load-chart">
      <figcaption>
        Expert load: share of tokens per expert at each routed site (mean of the last {RECENT_STEPS} steps; dashed = perfectly even).
        Click a site to follow it over time.
      </figcaption>
      <div className="site-grid">
        {sites.map((s) => (
          <SiteBars key={s} site={s} fractions={load.get(s)!} selected={s === site} onClick={() => setChosen(s)} />
        ))}
      </div>
      {site && <SiteOverTime history={history} site={site} experts={load.get(site)!.length} />}
    </figure>
  );
}

function SiteBars({ site, fractions, selected, onClick }: { site: string; fractions: number[]; selected: boolean; onClick(): void }) {
  const data = fractions.map((f, e) => ({ expert: `e${e}`, share: f }));
  return (
    <button type="button" className={`site${selected ? ' selected' : ''}`} onClick={onClick} data-testid={`load-site-${site}`} data-experts={fractions.length}>
      <span>{site}</span>
      <ResponsiveContainer width="100%" height={90}>
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 4 }}>
          <XAxis dataKey="expert" hide />
          <YAxis domain={[0, 1]} hide />
          <ReferenceLine y={1 / fractions.length} stroke="#6b7280" strokeDasharray="3 3" />
          <Bar dataKey="share" fill="#2563eb" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </button>
  );
}

function SiteOverTime({ history, site, experts }: { history: RunHistory; site: string; experts: number }) {
  const data = useMemo(() => downsample(loadSeries(history, site), MAX_POINTS), [history, site]);
  return (
    <ResponsiveContainer width="100%" height={180}>
      <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} stackOffset="expand">
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} />
        <YAxis tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : String(v))} />
        {Array.from({ length: experts }, (_, e) => (
          <Area key={e} dataKey={`e${e}`} stackId="1" stroke={colorOf(e)} fill={colorOf(e)} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
