// Test fixture: a seeded event log with what the data path must handle in one table — events
// out of time order, several rows sharing a user and a timestamp (one basket), a category, an
// ID and a dense column with missing cells, users with one event and users with many, and
// rows after a label cutoff. For tests that compare whole encoded datasets.
import type { ColumnMapping, LabelBuilder } from '../run/runSpec';
import type { RawTable } from '../data/rawTable';
import { createRng } from '../util/rng';

export const MIXED_MAPPING: ColumnMapping[] = [
  { name: 'user', role: 'user' },
  { name: 'time', role: 'time' },
  { name: 'kind', role: 'category' },
  { name: 'item', role: 'id' },
  { name: 'basket', role: 'id' },
  { name: 'amount', role: 'dense' },
  { name: 'qty', role: 'dense' },
];

/** A 30-day window after 2024-03-01, three tasks of every kind. */
export const MIXED_BUILDER: LabelBuilder = {
  cutoff: '2024-03-01',
  windowDays: 30,
  windowEvents: 1,
  tasks: [
    { name: 'again', kind: 'any' },
    { name: 'bulk', kind: 'sum', column: 'qty', threshold: 6 },
    { name: 'likes_k2', kind: 'match', column: 'kind', op: 'equals', value: 'k2' },
  ],
};

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

export function mixedLog(users = 60, seed = 5): RawTable {
  const rng = createRng(seed);
  const rows: string[][] = [];
  for (let u = 0; u < users; u++) {
    const baskets = 1 + rng.int(u % 7 === 0 ? 1 : 9);
    for (let b = 0; b < baskets; b++) {
      // Spread over 75 days, so that some baskets fall after the cutoff (day 60).
      const t = new Date(START + Math.floor(rng.next() * 75 * DAY / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      const lines = 1 + rng.int(4);
      for (let l = 0; l < lines; l++) {
        const amount = rng.next() < 0.1 ? '' : (rng.next() * 50 - 5).toFixed(2);
        const qty = rng.next() < 0.1 ? '' : String(1 + rng.int(5));
        const item = rng.next() < 0.2 ? `rare${u}_${b}` : `i${rng.int(12)}`;
        const kind = rng.next() < 0.05 ? '' : `k${rng.int(4)}`;
        rows.push([`u${u}`, t, kind, item, `b${u}_${b}`, amount, qty]);
      }
    }
  }
  // File order is not time order (a basket's lines end up apart; equal times keep file order).
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return { header: MIXED_MAPPING.map((m) => m.name), rows };
}
