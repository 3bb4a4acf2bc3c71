// The e2e fixtures stay what the e2e tests expect: a small log the app reads as the demo
// mapping, and a malformed file whose error names a row.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { DEMO_MAPPING } from './demo';
import { encodeEvents } from './encode';
import { inferMapping } from './inferRoles';
import { DataError } from './rawTable';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../e2e/fixtures/${name}`, import.meta.url)), 'utf8');

describe('e2e fixtures', () => {
  it('small-events.csv is a small demo log that infers and encodes', () => {
    const table = parseCsv(fixture('small-events.csv'));
    expect(table.rows.length).toBeLessThanOrEqual(2000);
    const mapping = inferMapping(table);
    expect(mapping).toEqual(DEMO_MAPPING);
    const d = encodeEvents(table, mapping, { seqLen: 16, name: 'small-events.csv' });
    expect(d.numUsers).toBe(150);
  });

  it('malformed.csv fails with a DataError naming a row', () => {
    expect(() => parseCsv(fixture('malformed.csv'))).toThrow(DataError);
    expect(() => parseCsv(fixture('malformed.csv'))).toThrow(/^row 4: .*7 fields but the header has 6/);
  });
});
