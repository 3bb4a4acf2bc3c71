// Writes e2e/fixtures/small-events.csv: a small demo event log for the file-drop tests.
// Run: npx tsx scripts/make-fixture.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tableToCsv } from '../src/data/csv';
import { generateDemo } from '../src/data/demo';

const USERS = 150;
const SEQ_LEN = 16;
const SEED = 20240101;

const { table } = generateDemo({ users: USERS, seqLen: SEQ_LEN, seed: SEED });
const out = fileURLToPath(new URL('../e2e/fixtures/small-events.csv', import.meta.url));
writeFileSync(out, tableToCsv(table));
console.log(`wrote ${out}: ${USERS} users, ${table.rows.length} rows`);
