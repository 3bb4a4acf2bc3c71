// Expert load of every routed site: the share of tokens each expert received (now, as bars,
// mean of the last steps, on one scale for all sites), and one chosen site over time. Even bars
// = balanced routing. Experts have their own colours (palette.ts), never the tasks'.
import { memo, useMemo, useState } from 'react';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StepMetrics } from '../../train/metrics';
import { downsample, loadSeries, recentLoad } from '../history';
import { ALL_TICKS, ChartFigure, ChartLegend, MARGIN, percent, STEP_AXIS, yTitle } from './kit';
import { expertColor, MAX_POINTS } from './palette';
import { describeSite } from './sites';

/** Steps averaged for the "now" bars. */
const RECENT_STEPS = 10;
/** Bars carry their value as text up to this many experts (more would not fit a site's card). */
const LABELLED_BARS = 8;

interface Props {
  steps: StepMetrics[];
  /** Name of the model these steps train (the phase's, in a compare). */
  model: string;
  subject?: string | null;
}

export const ExpertLoadChart = memo(function ExpertLoadChart({ steps, model, subject }: Props) {
  const load = useMemo(() => recentLoad(steps, RECENT_STEPS), [steps]);
  const sites = [...load.keys()];
  const [chosen, setChosen] = useState<string | null>(null);
  const site = chosen && load.has(chosen) ? chosen : sites[0];
  const experts = site ? load.get(site)!.length : 0;
  const empty =
    steps.length === 0
      ? 'Expert load appears after the first step.'
      : sites.length === 0
        ? `${model} has no routed experts: no token is routed, so there is no expert load to show (routed experts are SuperMoE's, with Experts E > 1).`
        : null;
  // One scale for every site, so their bars compare; with room above an even share.
  const top = scaleTop([...load.values()].flat(), experts);
  const legend = [
    ...Array.from({ length: experts }, (_, e) => ({ label: `e${e}`, color: expertColor(e, experts), mark: 'box' as const })),
    { label: `even share (1/E = ${experts > 0 ? ((100 / experts).toFixed(1)).replace(/\.0$/, '') : 0}%)`, color: '#6b7280', mark: 'dashed' as const },
  ];
  return (
    <ChartFigure
      testId="load-chart"
      subject={subject}
      empty={empty}
      caption={
        <>
          Expert load: share of each routed site's tokens per expert
          {sites.length > 0 && ` (mean of the last ${RECENT_STEPS} steps; bars 0-${percent(top)}). Hover a site for what it is; click it to follow it over time.`}
        </>
      }
    >
      {experts > 0 && <ChartLegend items={legend} />}
      <div className="site-grid">
        {sites.map((s) => (
          <SiteBars key={s} site={s} fractions={load.get(s)!} top={top} selected={s === site} onClick={() => setChosen(s)} />
        ))}
      </div>
      {/* Mounted while empty too: mounting a chart costs a long task, better before training than at its first step. */}
      <SiteOverTime steps={steps} site={site ?? ''} experts={experts} />
    </ChartFigure>
  );
});

/** The bars' full height: the largest share rounded up to 10 %, at least 1.5 × even. */
function scaleTop(fractions: number[], experts: number): number {
  const max = Math.max(0, ...fractions, experts > 0 ? 1.5 / experts : 0);
  return Math.min(1, Math.ceil(max * 10 - 1e-9) / 10);
}

/** Plain bars, not a chart library: there is one per site and they redraw every step. */
function SiteBars({ site, fractions, top, selected, onClick }: { site: string; fractions: number[]; top: number; selected: boolean; onClick(): void }) {
  const E = fractions.length;
  const words = describeSite(site, E);
  const even = 1 / E;
  return (
    <button type="button" className={`site${selected ? ' selected' : ''}`} onClick={onClick} title={words.long} aria-pressed={selected} data-testid={`load-site-${site}`} data-experts={E}>
      <span className="site-name">{site}</span>
      <span className="site-gloss">{words.short}</span>
      <span className="site-plot">
        <span className="bar-axis" aria-hidden="true">
          <span>{percent(top)}</span>
          <span>0</span>
        </span>
        <span className="bars" style={{ ['--even' as string]: `${(100 * even) / top}%` }}>
          {fractions.map((f, e) => (
            <span key={e} className="bar-col" title={`e${e}: ${(100 * f).toFixed(1)}% of the tokens`}>
              <span className="bar" data-testid="expert-bar" style={{ height: `${Math.min(100, (100 * f) / top)}%`, background: expertColor(e, E) }}>
                {E <= LABELLED_BARS && <span className="bar-value">{Math.round(100 * f)}</span>}
              </span>
            </span>
          ))}
        </span>
      </span>
    </button>
  );
}

function SiteOverTime({ steps, site, experts }: { steps: StepMetrics[]; site: string; experts: number }) {
  const data = useMemo(() => downsample(loadSeries(steps, site), MAX_POINTS), [steps, site]);
  return (
    <>
      <p className="chart-sub">{site && <><code>{site}</code> over time ({describeSite(site, experts).short})</>}</p>
      <ResponsiveContainer width="100%" height={190}>
        <AreaChart data={data} margin={MARGIN} stackOffset="expand" title={`Share of ${site}'s tokens per expert against training step`}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...STEP_AXIS} />
          <YAxis {...ALL_TICKS} tickFormatter={percent} label={yTitle('share of tokens')} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : String(v))} labelFormatter={(s) => `step ${String(s)}`} />
          {Array.from({ length: experts }, (_, e) => (
            <Area key={e} dataKey={`e${e}`} name={`e${e}`} stackId="1" stroke={expertColor(e, experts)} fill={expertColor(e, experts)} fillOpacity={0.75} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </>
  );
}
