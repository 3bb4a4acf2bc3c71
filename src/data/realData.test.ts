// The two public logs of shared/data, read in place (their licences forbid copying them into
// the repo) through the same streamed passes as a dropped file.
import { existsSync, openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDataset } from './buildDataset';
import { ONLINE_RETAIL_ROLES } from '../test/retailRoles';
import { loadBlob } from '../test/fileLoad';

const shared = (path: string) => {
  const file = fileURLToPath(new URL(`../../../shared/data/${path}`, import.meta.url));
  if (!existsSync(file)) throw new Error(`${file} is missing: this test reads the shared data in place (see its SOURCE.md).`);
  return openAsBlob(file);
};

describe('UCI Online Retail (online-retail.csv.gz)', () => {
  it('infers the mapping from a sample, loads every row, and builds two labels from the log', async () => {
    const builder = {
      cutoff: '',
      windowDays: 30,
      windowEvents: 1,
      tasks: [
        { name: 'buys_again', kind: 'any' as const },
        { name: 'big_basket', kind: 'sum' as const, column: 'Quantity', threshold: 100 },
      ],
    };
    const { sample, store } = await loadBlob(await shared('uci-online-retail/online-retail.csv.gz'), {}, undefined, builder);
    expect(sample.layout).toMatchObject({ delimiter: ',', header: true, format: 'events' });
    expect(Object.fromEntries(sample.suggested.map((c) => [c.name, c.role]))).toEqual(ONLINE_RETAIL_ROLES);
    expect(store.rows).toBe(541_909);
    expect(store.droppedNoUser).toBe(135_080);
    expect(store.userIds).toHaveLength(4_372);
    const d = buildDataset(store, { name: 'retail', seqLen: 32, labelBuilder: builder, split: { valFraction: 0.2, seed: 7 } });
    expect(d.tasks.map((t) => t.name)).toEqual(['buys_again', 'big_basket']);
    for (const t of d.tasks) expect(t.positives / t.labelled).toBeGreaterThan(0.1);
    // Validation-only invoice numbers (each invoice is one user's) go to hashed OOV buckets.
    expect(d.discrete.find((c) => c.name === 'InvoiceNo')!.oovBuckets).toBe(8);
  });
});

describe('UCI Online Retail with the real-log inputs (issue 9)', () => {
  it('summarises each customer before a 90-day window, and merging makes an invoice one event', async () => {
    const builder = {
      cutoff: '',
      windowDays: 90,
      windowEvents: 1,
      tasks: [
        { name: 'buys_again', kind: 'any' as const },
        { name: 'big_quantity', kind: 'sum' as const, column: 'Quantity', threshold: 300 },
        { name: 'christmas', kind: 'match' as const, column: 'Description', op: 'contains' as const, value: 'CHRISTMAS' },
      ],
    };
    const { store } = await loadBlob(await shared('uci-online-retail/online-retail.csv.gz'), {}, undefined, builder);
    const opts = { name: 'retail', seqLen: 32, labelBuilder: builder, split: { valFraction: 0.2, seed: 7 }, eventAge: true, userSummary: true, idMinUsers: 3 };
    const lines = buildDataset(store, opts);
    const invoices = buildDataset(store, { ...opts, mergeSameTime: true });
    expect(lines.numUsers).toBe(3_412);
    expect(invoices.numUsers).toBe(3_412);
    expect(lines.predictionTime).toBe(Date.parse('2011-09-10T12:50:00.001Z'));
    expect(lines.userFeatureNames).toEqual([
      ...['events', 'sessions', 'active_days', 'days_since_first', 'days_since_last'],
      ...['Quantity_sum', 'Quantity_mean', 'Quantity_max', 'UnitPrice_sum', 'UnitPrice_mean', 'UnitPrice_max'],
      ...['InvoiceNo_distinct', 'StockCode_distinct'],
    ]);
    // The summary reads raw rows: merging does not change it.
    expect(invoices.userFeatures).toEqual(lines.userFeatures);
    // Invoice lines per customer, and invoices (one time each) per customer.
    expect(lines.eventsPerUser).toMatchObject({ p50: 33, p90: 160, p99: 479, max: 4_576 });
    expect(invoices.eventsPerUser).toMatchObject({ p50: 2, p90: 9, p99: 31, max: 140 });
    // Every invoice number belongs to one customer: none reaches 3 users.
    expect(lines.discrete.find((c) => c.name === 'InvoiceNo')!.values).toEqual([]);
  });
});

describe('Amazon Beauty (Beauty.txt)', () => {
  it('loads as per-user sequences of one item channel', async () => {
    const { sample, store } = await loadBlob(await shared('amazon-beauty-s3rec/Beauty.txt'));
    expect(sample.layout).toMatchObject({ delimiter: ' ', header: false, format: 'sequences' });
    expect(store.userIds).toHaveLength(22_363);
    expect(store.events).toBe(198_502);
    expect(store.discrete.map((c) => [c.name, c.kind, c.values.length])).toEqual([['item', 'id', 12_101]]);
  });
});
