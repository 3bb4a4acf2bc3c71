// What every chart of the live view shares: a caption (naming the model and phase it shows in a
// compare), a legend in HTML (each series, its line style and, with two y-axes, which axis),
// the step axis, axis titles, and a sentence instead of an empty plot before there is data.
import { useRef, type ReactNode } from 'react';
import { ChartDownloads } from './ChartDownloads';

export interface LegendItem {
  label: string;
  color: string;
  /** Line style of the series: solid (default), dashed, or a filled box (areas, bars). */
  mark?: 'line' | 'dashed' | 'dotted' | 'box';
}

export function ChartLegend({ items }: { items: LegendItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="legend" data-testid="legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className={`swatch ${i.mark ?? 'line'}`} style={{ color: i.color }} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

/** "MMoE · training (phase 2 of 3)": which model the chart shows, in a compare or recipe run. */
export function Subject({ subject }: { subject: string | null | undefined }) {
  return subject ? (
    <span className="subject" data-testid="subject">
      {subject}
    </span>
  ) : null;
}

interface FigureProps {
  testId: string;
  caption: ReactNode;
  subject?: string | null;
  legend?: LegendItem[];
  /** Said over the plot while there is nothing to draw; the empty plot is then no Tab stop. */
  empty?: string | null;
  points?: number;
  /** Name of the downloaded PNG/SVG (without extension); the test id by default. */
  fileName?: string;
  children: ReactNode;
}

export function ChartFigure({ testId, caption, subject, legend, empty, points, fileName, children }: FigureProps) {
  const figure = useRef<HTMLElement>(null);
  return (
    <figure className="chart" data-testid={testId} data-points={points} ref={figure}>
      <ChartDownloads figure={figure} name={fileName ?? testId} disabled={!!empty} />
      <figcaption>
        <Subject subject={subject} />
        {caption}
      </figcaption>
      {/* The plot stays mounted while empty (mounting a chart costs a long task, better before training than at its first step). */}
      <div className="plot">
        <div inert={!!empty}>{children}</div>
        {empty && (
          <p className="chart-empty" data-testid="chart-empty">
            {empty}
          </p>
        )}
      </div>
      {legend && <ChartLegend items={legend} />}
    </figure>
  );
}

/** Room for the axis titles: "step" under the x ticks, the y titles beside their ticks. */
export const MARGIN = { top: 10, right: 12, bottom: 14, left: 6 };

/**
 * Every tick of an axis is drawn (`interval` 0): recharts otherwise measures each new tick label
 * in the DOM to thin out overlapping ones, a forced layout on every redraw while training; the
 * few "nice" ticks of a numeric axis do not overlap.
 */
export const ALL_TICKS = { interval: 0 } as const;

/** The x-axis of every chart against training steps. */
export const STEP_AXIS = {
  ...ALL_TICKS,
  dataKey: 'step',
  type: 'number',
  domain: ['dataMin', 'dataMax'],
  allowDecimals: false,
  label: { value: 'step', position: 'insideBottom', offset: -10, fill: '#475569', fontSize: 12 },
} as const;

/** A y-axis title, read bottom to top beside the axis; `color` ties it to its series when a chart has two axes. */
export function yTitle(value: string, side: 'left' | 'right' = 'left', color = '#475569') {
  return {
    value,
    angle: side === 'left' ? -90 : 90,
    position: side === 'left' ? 'insideLeft' : 'insideRight',
    style: { textAnchor: 'middle' },
    fill: color,
    fontSize: 12,
  } as const;
}

export const percent = (v: number) => `${Math.round(v * 100)}%`;
