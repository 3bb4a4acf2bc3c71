import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { DEMO_MAPPING, generateDemo } from './demo';
import { inferMapping, profileColumns } from './inferRoles';
import type { RawTable } from './rawTable';
import { ONLINE_RETAIL_ROLES } from '../test/retailRoles';

/** A table from columns of equal length. */
function table(columns: Record<string, string[]>): RawTable {
  const header = Object.keys(columns);
  const n = columns[header[0]].length;
  return { header, rows: Array.from({ length: n }, (_, i) => header.map((h) => columns[h][i])) };
}

const roles = (t: RawTable) => Object.fromEntries(inferMapping(t).map((m) => [m.name, m.role]));

describe('profileColumns', () => {
  // 60 users, 5 events each
  const n = 300;
  const user = Array.from({ length: n }, (_, i) => `c${Math.floor(i / 5)}`);
  const base = {
    customer_id: user,
    ts: Array.from({ length: n }, (_, i) => String(1_700_000_000 + i * 60)),
    channel: Array.from({ length: n }, (_, i) => ['web', 'app', 'store'][i % 3]),
    sku: Array.from({ length: n }, (_, i) => `SKU-${(i * 7919) % 250}`),
    price: Array.from({ length: n }, (_, i) => ((i * 37) % 101 + 0.5).toFixed(2)),
    churned: user.map((u) => (Number(u.slice(1)) % 3 === 0 ? '1' : Number(u.slice(1)) % 7 === 0 ? '' : '0')),
    clicked: Array.from({ length: n }, (_, i) => String(i % 2)),
    note: Array.from({ length: n }, (_, i) => `customer said something about order ${i}`),
    source: Array.from({ length: n }, () => 'import'),
    visitor_id: Array.from({ length: n }, (_, i) => `r${Math.floor(i / 3)}`),
  };

  it('infers each role from values and names, with stats and a reason', () => {
    const profiles = profileColumns(table(base));
    const by = Object.fromEntries(profiles.map((p) => [p.name, p]));
    expect(by.customer_id).toMatchObject({ role: 'user', stats: { distinct: 60, missing: 0 } });
    expect(by.ts).toMatchObject({ role: 'time', timeFormat: 'epoch_s' });
    expect(by.channel.role).toBe('category');
    expect(by.channel.stats.top).toEqual([
      { value: 'web', count: 100 },
      { value: 'app', count: 100 },
      { value: 'store', count: 100 },
    ]);
    expect(by.sku.role).toBe('id');
    expect(by.price).toMatchObject({ role: 'dense', stats: { numericFraction: 1, min: 0.5, max: 100.5 } });
    expect(by.churned.role).toBe('label');
    expect(by.churned.why).toMatch(/constant within each user/);
    expect(by.clicked.role).toBe('category');
    expect(by.clicked.why).toMatch(/changes within a user/);
    expect(by.note.role).toBe('ignore');
    expect(by.note.why).toMatch(/free text/);
    expect(by.source.role).toBe('ignore');
    expect(by.source.why).toMatch(/constant/);
    expect(by.visitor_id.role).toBe('ignore');
    expect(by.visitor_id.why).toMatch(/second user-like column/);
    for (const p of profiles) expect(p.why.length).toBeGreaterThan(5);
  });

  it('reads M/D/YYYY H:MM and day-first dates, and refuses epoch numbers without a time-like name', () => {
    const t = table({
      user_id: ['a', 'a', 'b', 'b'],
      InvoiceDate: ['12/1/2010 8:26', '12/1/2010 9:02', '1/13/2011 17:05', '2/3/2011 8:00'],
      fecha: ['13/01/2011', '14/01/2011', '15/01/2011', '1/02/2011'],
      code: ['1700000000', '1700000060', '1700000120', '1700000180'],
    });
    const by = Object.fromEntries(profileColumns(t).map((p) => [p.name, p]));
    expect(by.InvoiceDate).toMatchObject({ role: 'time', timeFormat: 'mdy' });
    expect(by.fecha).toMatchObject({ role: 'time', timeFormat: 'dmy' });
    expect(by.code.role).not.toBe('time');
  });

  it('finds no user in a table without a user-like column (the user maps it)', () => {
    expect(Object.values(roles(table({ a: ['1', '2', '3'], b: ['x', 'y', 'x'] })))).not.toContain('user');
  });

  it('infers the demo mapping from the demo log', () => {
    const { table: demo } = generateDemo({ users: 300, seqLen: 16, seed: 3 });
    expect(inferMapping(demo)).toEqual(DEMO_MAPPING);
  });
});

// The UCI Online Retail log, read in place (its licence forbids copying it into the repo).
const RETAIL = fileURLToPath(new URL('../../../shared/data/uci-online-retail/online-retail.csv.gz', import.meta.url));

describe('inference on UCI Online Retail', () => {
  it('maps the columns as a person would', () => {
    if (!existsSync(RETAIL)) {
      throw new Error(`${RETAIL} is missing: this test reads the shared UCI Online Retail file in place (see shared/data/uci-online-retail/SOURCE.md).`);
    }
    const t = parseCsv(gunzipSync(readFileSync(RETAIL)).toString('utf8'));
    expect(t.rows.length).toBe(541_909);
    expect(roles(t)).toEqual(ONLINE_RETAIL_ROLES);
  });
});
