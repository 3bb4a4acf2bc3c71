// What the towers' value weights learnt (model.wideIds, README §Model 2.5), in the data's
// words: per task, the column values whose weights raise and lower its logit most. They say why
// a task beats the regression when it does (on Online Retail, which items say "buys a JUMBO
// item"); the headless run reports them with the phase's result.
import { FIRST_TOKEN, OOV_TOKEN, PAD_TOKEN, type Dataset } from '../data/dataset';
import type { WideIds, WideWeight } from '../model/wideIds';
import type { TaskValueWeights, ValueWeight } from './metrics';

/** What naming the values needs of a dataset: its discrete channels and its tasks' names. */
type Named = Pick<Dataset, 'discrete'> & { tasks: { name: string }[] };

/** Values listed each way per task. */
export const VALUES_SHOWN = 5;

/** The `VALUES_SHOWN` strongest values each way per task; weights of exactly 0 (never seen, or kept there by the prior) are left out. */
export async function describeValueWeights(ids: WideIds, dataset: Named, shown = VALUES_SHOWN): Promise<TaskValueWeights[]> {
  const ranked = await ids.ranked();
  return ranked.map((list, k) => {
    const named = (w: WideWeight): ValueWeight => ({ column: dataset.discrete[w.channel].name, value: valueName(dataset, w.channel, w.token), weight: w.weight });
    const real = list.filter((w) => w.token !== PAD_TOKEN);
    return {
      task: dataset.tasks[k].name,
      raises: real.filter((w) => w.weight > 0).slice(0, shown).map(named),
      lowers: real.filter((w) => w.weight < 0).reverse().slice(0, shown).map(named),
    };
  });
}

/** A token's value as the data wrote it; an unknown or a hashed rare value says so. */
function valueName(dataset: Pick<Dataset, 'discrete'>, channel: number, token: number): string {
  const c = dataset.discrete[channel];
  if (token === OOV_TOKEN) return '(unknown value)';
  const i = token - FIRST_TOKEN;
  if (i < c.values.length) return c.values[i];
  return `(a rarer value, bucket ${i - c.values.length + 1} of ${c.oovBuckets ?? 0})`;
}
