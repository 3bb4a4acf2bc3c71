// A chart as a file for a report: its plots (recharts draws SVG) laid out as on screen, with
// the caption above and the legend below (read from the figure) drawn into the same picture,
// as SVG or as PNG.
import type { LegendItem } from './kit';

const NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';
const CAPTION_H = 22;
const LEGEND_ROW_H = 18;
/** Rough width of a legend character at 12px, for laying out the legend rows. */
const CHAR_W = 6.6;

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const DASH: Record<NonNullable<LegendItem['mark']>, string> = { line: '', dashed: '6 4', dotted: '2 3', box: '' };

/** Legend items flowed into rows across `width`; returns the group and its height. */
function legendGroup(items: LegendItem[], width: number): [SVGElement, number] {
  const g = el('g', { 'font-size': 12, fill: '#334155' });
  let x = 8;
  let y = LEGEND_ROW_H / 2;
  for (const item of items) {
    const w = 26 + item.label.length * CHAR_W + 14;
    if (x > 8 && x + w > width) {
      x = 8;
      y += LEGEND_ROW_H;
    }
    const mark = item.mark ?? 'line';
    g.append(
      mark === 'box'
        ? el('rect', { x, y: y - 5, width: 11, height: 11, rx: 2, fill: item.color })
        : el('line', { x1: x, y1: y, x2: x + 18, y2: y, stroke: item.color, 'stroke-width': 2, ...(DASH[mark] ? { 'stroke-dasharray': DASH[mark] } : {}) }),
    );
    g.append(el('text', { x: x + 24, y, dy: '0.35em' }, item.label));
    x += w;
  }
  return [g, items.length > 0 ? y + LEGEND_ROW_H / 2 : 0];
}

/** The legends drawn in the figure (kit.tsx's ChartLegend), as items. */
function legendOf(figure: HTMLElement): LegendItem[] {
  return [...figure.querySelectorAll<HTMLElement>('.legend li')].map((li) => {
    const swatch = li.querySelector<HTMLElement>('.swatch');
    const mark = (['dashed', 'dotted', 'box'] as const).find((m) => swatch?.classList.contains(m)) ?? 'line';
    return { label: li.textContent?.trim() ?? '', color: swatch?.style.color || '#334155', mark };
  });
}

/** The caption's words, without its controls (buttons, selects). */
function captionOf(figure: HTMLElement): string {
  const caption = figure.querySelector('figcaption')?.cloneNode(true) as HTMLElement | undefined;
  caption?.querySelectorAll('button, select, input').forEach((c) => c.remove());
  return caption?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The figure's chart (every plot in it, where it is on screen) as one standalone SVG document; null when nothing is drawn. */
export function chartSvg(figure: HTMLElement): { svg: string; width: number; height: number } | null {
  const surfaces = [...figure.querySelectorAll<SVGSVGElement>('svg.recharts-surface')];
  if (surfaces.length === 0) return null;
  const box = plotBox(surfaces);
  const legend = legendOf(figure);
  const width = Math.ceil(box.width);
  const [legendG, legendH] = legendGroup(legend, width);
  const height = Math.ceil(CAPTION_H + box.height + legendH + 6);
  const root = el('svg', { xmlns: NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT });
  root.append(el('rect', { width, height, fill: 'white' }));
  const caption = captionOf(figure);
  root.append(el('text', { x: 8, y: 15, 'font-size': 13, fill: '#0f172a' }, caption));
  for (const s of surfaces) {
    const r = s.getBoundingClientRect();
    const copy = s.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('x', String(r.left - box.left));
    copy.setAttribute('y', String(CAPTION_H + r.top - box.top));
    copy.setAttribute('width', String(r.width));
    copy.setAttribute('height', String(r.height));
    root.append(copy);
  }
  legendG.setAttribute('transform', `translate(0, ${CAPTION_H + box.height + 4})`);
  root.append(legendG);
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

/** The smallest box around the plots, on screen. */
function plotBox(surfaces: SVGSVGElement[]): { left: number; top: number; width: number; height: number } {
  const rects = surfaces.map((s) => s.getBoundingClientRect());
  const left = Math.min(...rects.map((r) => r.left));
  const top = Math.min(...rects.map((r) => r.top));
  const width = Math.max(...rects.map((r) => r.right)) - left;
  const height = Math.max(...rects.map((r) => r.bottom)) - top;
  return { left, top, width, height };
}

/** Rasterises an SVG document at `scale` × its size (2: sharp on a printed page). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the chart into an image (no 2D canvas): download it as SVG instead.');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The browser did not encode the PNG: download the chart as SVG instead.'))), 'image/png'));
}

/** Saves `blob` as `name` through the browser's download. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  // After the click has started the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
