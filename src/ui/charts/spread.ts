// Labels at the edge of a chart for values that may lie a few pixels apart (the oracle AUCs of
// four tasks within 0.012): each label as near its value as it can be without overlapping.

/** Positions (px, top to bottom) for labels wanted at `ys`, at least `gap` apart, within [top, bottom]; same order as `ys`. */
export function spreadLabels(ys: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => o.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  // Pushed past the bottom: move back up only what must move, keeping the gaps; then the top bounds.
  for (let k = placed.length - 1; k >= 0; k--) placed[k] = Math.min(placed[k], k < placed.length - 1 ? placed[k + 1] - gap : bottom);
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k], k > 0 ? placed[k - 1] + gap : top);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = placed[k]));
  return out;
}
