// The app's demo dataset: a seeded shop event log (no external data) whose labels come from
// known per-user probabilities, so the best possible AUC (the oracle's) is known.
//
// Columns: user_id, timestamp, event_type (view/cart/purchase/return), category (10),
// item_id (3,000 items, Zipf-like popularity, one category each), amount (log-normal around
// the item's price), and one 0/1 label column per task, constant within a user. Users have
// 6..seqLen events. The features (demoFeatures.ts), on the sequence the model sees:
//   A checkedOut        the most recent cart was followed by a purchase (order matters: a
//                       third of the users have a purchase and then a cart left in the
//                       basket, the same events in the other order)
//   B recentPremium     at least 3 of the 4 most recent events are in electronics, jewelry or
//                       sports (older events follow an older interest, so counting premium
//                       events over the whole sequence is misleading)
//   C returned          a return (of an item bought earlier)
//   E recentPause       one of the 4 most recent events came more than 7 days after the one
//                       before (long pauses earlier on do not count)
//   X bigPurchase       a purchase of 100 or more
// Tasks, p = sigmoid(score), label ~ Bernoulli(p):
//   converts        -2.3 + 4.4·A - 1.6·C   checked out their last cart, unless they return things
//   premium_upsell  -2.5 + 4.0·B + 1.4·X   }  the seesaw pair: B pulls the two in opposite
//   coupon_user      1.6 - 4.0·B + 1.6·C   }  directions, each has a feature of its own
//   churn_risk      -2.2 + 4.2·E + 1.4·C   unlabelled (empty cells, δ = 0) for ~30% of users
// Every feature is a yes/no on positions and event kinds, which a one-block transformer picks
// up in a few hundred steps; none is a count or a sum.
import type { InputSettings } from './buildDataset';
import type { Dataset } from './dataset';
import { makeCatalogue, CATEGORIES, EVENT_TYPES } from './demoCatalogue';
import { demoFeatures, type DemoFeatures } from './demoFeatures';
import { drawSequence, sequenceBuffer, type UserSequence } from './demoSequence';
import { encodeEvents } from './encode';
import type { RawTable } from './rawTable';
import type { ColumnMapping } from '../run/runSpec';
import { createRng } from '../util/rng';
import { isoSecondsFormatter } from './time';

export interface DemoOptions {
  users: number;
  seqLen: number;
  seed: number;
  /** The run's real-log settings: the demo has timestamps, so event ages and the user summary apply as on a file (absent = off). */
  inputs?: InputSettings;
}

export interface DemoTask {
  name: string;
  description: string;
  /** Score of a user, p = sigmoid(score). */
  score(f: DemoFeatures): number;
  /** Share of users whose label is left empty (task indicator δ = 0). */
  unlabelledShare: number;
}

const b = (x: boolean) => (x ? 1 : 0);

export const DEMO_TASK_RULES: readonly DemoTask[] = [
  {
    name: 'converts',
    description: 'Likely when the most recent cart was followed by a purchase (not a cart left after the last purchase); a return lowers it.',
    score: (f) => -2.3 + 4.4 * b(f.checkedOut) - 1.6 * b(f.returned),
    unlabelledShare: 0,
  },
  {
    name: 'premium_upsell',
    description: 'Likely when the last few events are mostly electronics, jewelry or sports, and after a purchase of 100 or more.',
    score: (f) => -2.5 + 4.0 * b(f.recentPremium) + 1.4 * b(f.bigPurchase),
    unlabelledShare: 0,
  },
  {
    name: 'coupon_user',
    description: 'The opposite pull: unlikely when the last few events are premium; a return makes it likelier.',
    score: (f) => 1.6 - 4.0 * b(f.recentPremium) + 1.6 * b(f.returned),
    unlabelledShare: 0,
  },
  {
    name: 'churn_risk',
    description: 'Likely after a pause of over a week among the last few events, or a return; about 30% of users have no label.',
    score: (f) => -2.2 + 4.2 * b(f.recentPause) + 1.4 * b(f.returned),
    unlabelledShare: 0.3,
  },
];

/** Short descriptions of the demo tasks, for the UI. */
export const DEMO_TASKS: { name: string; description: string }[] = DEMO_TASK_RULES.map(({ name, description }) => ({ name, description }));

export const DEMO_MAPPING: ColumnMapping[] = [
  { name: 'user_id', role: 'user' },
  { name: 'timestamp', role: 'time' },
  { name: 'event_type', role: 'category' },
  { name: 'category', role: 'category' },
  { name: 'item_id', role: 'id' },
  { name: 'amount', role: 'dense' },
  ...DEMO_TASK_RULES.map((t) => ({ name: t.name, role: 'label' as const })),
];

const START = Date.UTC(2024, 0, 1);
const START_SPREAD = 30 * 86_400_000;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface DemoData {
  table: RawTable;
  /** Per user id: the true label probability of each task, in `taskNames` order. */
  trueProb: Map<string, number[]>;
  taskNames: string[];
}

function pushRows(rows: string[][], id: string, s: UserSequence, labels: string[], itemNames: string[], iso: (ms: number) => string): void {
  for (let p = 0; p < s.length; p++) {
    // concat sizes each row exactly; growing a literal by push would reserve room for ~25 cells.
    rows.push([id, iso(s.time[p]), EVENT_TYPES[s.type[p]], CATEGORIES[s.category[p]], itemNames[s.item[p]], s.amount[p].toFixed(2)].concat(labels));
  }
}

export function generateDemo({ users, seqLen, seed }: DemoOptions): DemoData {
  const root = createRng(seed).fork('demo');
  const catalogue = makeCatalogue(root.fork('catalogue'));
  const rng = root.fork('users');
  const header = DEMO_MAPPING.map((m) => m.name);
  const rows: string[][] = [];
  const trueProb = new Map<string, number[]>();
  const width = String(users - 1).length;
  const iso = isoSecondsFormatter();
  const s = sequenceBuffer(seqLen);
  for (let u = 0; u < users; u++) {
    const id = `u${String(u).padStart(width, '0')}`;
    drawSequence(s, catalogue, rng, seqLen, START + rng.next() * START_SPREAD);
    const f = demoFeatures(s);
    const probs = DEMO_TASK_RULES.map((t) => sigmoid(t.score(f)));
    // Label and δ drawn for every task, so that changing one rule does not reshuffle the rest.
    const labels = DEMO_TASK_RULES.map((t, k) => {
      const y = rng.next() < probs[k] ? '1' : '0';
      return rng.next() < t.unlabelledShare ? '' : y;
    });
    trueProb.set(id, probs);
    pushRows(rows, id, s, labels, catalogue.itemNames, iso);
  }
  return { table: { header, rows }, trueProb, taskNames: DEMO_TASK_RULES.map((t) => t.name) };
}

/** The demo as a Dataset, with `trueProb` aligned to its users and tasks. */
export function demoDataset(opts: DemoOptions): Dataset {
  const { table, trueProb, taskNames } = generateDemo(opts);
  const dataset = encodeEvents(table, DEMO_MAPPING, { seqLen: opts.seqLen, name: `demo (${opts.users} users, seed ${opts.seed})`, ...opts.inputs });
  const probs = new Float32Array(dataset.numUsers * taskNames.length);
  dataset.userIds.forEach((id, u) => probs.set(trueProb.get(id)!, u * taskNames.length));
  return { ...dataset, trueProb: probs };
}
