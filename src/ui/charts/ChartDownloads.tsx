// A chart's download buttons (PNG, SVG): the picture as on screen, with its caption and legend.
// `figure` is the chart's <figure>.
import { useState, type RefObject } from 'react';
import { chartSvg, downloadBlob, svgToPng } from './exportChart';

interface Props {
  figure: RefObject<HTMLElement | null>;
  /** The file's name without extension. */
  name: string;
  /** Nothing drawn yet: nothing to download. */
  disabled: boolean;
}

export function ChartDownloads({ figure, name, disabled }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (kind: 'png' | 'svg') => {
    setProblem(null);
    const drawn = figure.current && chartSvg(figure.current);
    if (!drawn) return setProblem('Nothing drawn yet to download.');
    try {
      const blob = kind === 'svg' ? new Blob([drawn.svg], { type: 'image/svg+xml' }) : await svgToPng(drawn.svg, drawn.width, drawn.height);
      downloadBlob(blob, `${name}.${kind}`);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <span className="chart-downloads">
      {(['png', 'svg'] as const).map((kind) => (
        <button key={kind} type="button" className="link" disabled={disabled} aria-label={`Download this chart as ${kind.toUpperCase()}`} onClick={() => void save(kind)}>
          {kind.toUpperCase()}
        </button>
      ))}
      {problem && (
        <span role="alert" className="chart-download-problem">
          {problem}
        </span>
      )}
    </span>
  );
}
