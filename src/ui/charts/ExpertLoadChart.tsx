// Expert load of every routed site: the fraction of tokens each expert received (now, as bars,
// mean of the last steps), and one chosen site over time. Even bars = balanced routing.
import { memo, useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { downsample, loadSeries, recentLoad } from '../history';
import { colorOf, MAX_POINTS } from './palette';

/** Steps averaged for the "now" bars. */
const RECENT_STEPS = 10;

export const ExpertLoadChart = memo(function ExpertLoadChart({ steps }: { steps: StepMetrics[] }) {
  const load = useMemo(() => recentLoad(steps, RECENT_STEPS), [steps]);
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
      {site && <SiteOverTime steps={steps} site={site} experts={load.get(site)!.length} />}
    </figure>
  );
});

/** Plain bars, not a chart library: there is one per site and they redraw every step. */
function SiteBars({ site, fractions, selected, onClick }: { site: string; fractions: number[]; selected: boolean; onClick(): void }) {
  const even = 1 / fractions.length;
  return (
    <button type="button" className={`site${selected ? ' selected' : ''}`} onClick={onClick} data-testid={`load-site-${site}`} data-experts={fractions.length}>
      <span>{site}</span>
      <span className="bars" style={{ ['--even' as string]: `${even * 100}%` }}>
        {fractions.map((f, e) => (
          <span key={e} className="bar" data-testid="expert-bar" title={`expert ${e}: ${(100 * f).toFixed(1)}% of tokens`} style={{ height: `${f * 100}%` }} />
        ))}
      </span>
    </button>
  );
}

function SiteOverTime({ steps, site, experts }: { steps: StepMetrics[]; site: string; experts: number }) {
  const data = useMemo(() => downsample(loadSeries(steps, site), MAX_POINTS), [steps, site]);
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
