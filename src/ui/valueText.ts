// What the towers' value weights learnt for a task (model.wideIds), as the task table shows it:
// the few values that raise its logit most, with their weight per event that holds them.
import type { TaskValueWeights } from '../train/metrics';

/** Values shown per task in the table (the headless JSON has more). */
const SHOWN = 3;
/** A value longer than this is cut: item descriptions can be long. */
const MAX_CHARS = 28;

const short = (v: string) => (v.length > MAX_CHARS ? `${v.slice(0, MAX_CHARS - 1)}…` : v);

/** "JUMBO BAG RED RETROSPOT +0.41, …"; "—" when no value raises it (or no value weights). */
export function valuesText(w: TaskValueWeights | undefined): string {
  if (!w || w.raises.length === 0) return '—';
  return w.raises
    .slice(0, SHOWN)
    .map((v) => `${short(v.value)} +${v.weight.toFixed(2)}`)
    .join(', ');
}

/** The full list for a tooltip: column = value and weight, raising then lowering. */
export function valuesTitle(w: TaskValueWeights | undefined): string {
  if (!w) return '';
  const line = (v: TaskValueWeights['raises'][number]) => `${v.column} = ${v.value}: ${v.weight >= 0 ? '+' : '−'}${Math.abs(v.weight).toFixed(3)}`;
  return [...w.raises.map(line), ...w.lowers.map(line)].join('\n');
}
