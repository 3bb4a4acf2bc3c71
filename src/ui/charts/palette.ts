// Colours of the charts. Tasks (and channels) take categorical colours; experts take a
// sequential ramp of another family, so expert e is never read as task e.
export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
export const colorOf = (i: number) => PALETTE[i % PALETTE.length];
/** Points a chart draws at most: thousands of steps are bucket-averaged to this. */
export const MAX_POINTS = 300;

/** Viridis, from dark violet to green; its pale yellow end is left out (too faint on white). */
const EXPERT_RAMP: [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 73, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
];

/** Colour of expert `e` of `experts`: spread evenly over the ramp. */
export function expertColor(e: number, experts: number): string {
  const t = experts > 1 ? e / (experts - 1) : 0;
  const x = t * (EXPERT_RAMP.length - 1);
  const i = Math.min(Math.floor(x), EXPERT_RAMP.length - 2);
  const f = x - i;
  const [a, b] = [EXPERT_RAMP[i], EXPERT_RAMP[i + 1]];
  const mix = (k: number) => Math.round(a[k] + f * (b[k] - a[k]));
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}
