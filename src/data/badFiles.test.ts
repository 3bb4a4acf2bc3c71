// Every malformed file of the issue gets a DataError that names the problem, the row and the
// column where there is one, and what to do. Read through the streamed passes, as in the app.
import { describe, expect, it } from 'vitest';
import { DataError } from './rawTable';
import { datasetOf, gz, loadBlob, loadText, rejection } from '../test/fileLoad';

const LOG = ['user,time,kind,amount,churned', 'u1,2024-01-01 10:00:00,a,1,1', 'u1,2024-01-02 10:00:00,b,2,1', 'u2,2024-01-01 11:00:00,a,3,0', 'u2,2024-01-03 11:00:00,b,4,0'];
const log = (rows: string[] = LOG) => rows.join('\n') + '\n';

async function problem(p: Promise<unknown>) {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('bad files', () => {
  it('an empty file', async () => {
    expect((await problem(loadText(''))).message).toBe('The file is empty. Choose a CSV file with a header row and one row per event.');
    expect((await problem(loadText('\uFEFF  \n\n'))).message).toMatch(/^The file is empty/);
  });

  it('a header only', async () => {
    const e = await problem(loadText('user,time,kind\n'));
    expect(e.row).toBe(1);
    expect(e.message).toBe('row 1: The file has a header row but no data rows. Add one row per event below the header.');
  });

  it('ragged rows', async () => {
    const e = await problem(loadText(log([...LOG.slice(0, 3), 'u2,2024-01-01 11:00:00,a,3,0,extra', ...LOG.slice(4)])));
    expect(e.row).toBe(4);
    expect(e.message).toMatch(/^row 4: This row has 6 fields but the header has 5 columns \(split on comma\)\. A value that contains a comma must be in double quotes/);
    expect((await problem(loadText(log([...LOG.slice(0, 2), 'u1,2024-01-02 10:00:00,b', ...LOG.slice(3)])))).message).toMatch(/^row 3: This row has 3 fields .* add the missing commas/);
  });

  it('an unterminated quote', async () => {
    const e = await problem(loadText(log([...LOG.slice(0, 2), 'u1,2024-01-02 10:00:00,"b,2,1', ...LOG.slice(3)])));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/^row 3: A quoted field is never closed.*Close the quote/);
  });

  it('text in a column mapped as dense', async () => {
    const e = await problem(loadText(log([...LOG.slice(0, 3), 'u2,2024-01-01 11:00:00,a,12 EUR,0', ...LOG.slice(4)]), {}, (m) => m.map((c) => (c.name === 'amount' ? { ...c, role: 'dense' } : c))));
    expect(e).toMatchObject({ row: 4, column: 'amount' });
    expect(e.message).toMatch(/^row 4, column "amount": The column is mapped as dense \(numeric\) but holds "12 EUR"\. .*map the column as a category or ID/);
  });

  it('a label column that is not binary', async () => {
    const e = await problem(loadText(log([...LOG.slice(0, 3), 'u2,2024-01-01 11:00:00,a,3,maybe', ...LOG.slice(4)]), {}, (m) => m.map((c) => (c.name === 'churned' ? { ...c, role: 'label' } : c))));
    expect(e).toMatchObject({ row: 4, column: 'churned' });
    expect(e.message).toMatch(/"maybe", which is not a binary label\. A label must be 0\/1/);
  });

  it('a single user', async () => {
    const one = log(LOG.slice(0, 3));
    // One user: nothing is inferred as the user (a single value is a constant), so map it as a person would.
    const e = await rejection(datasetOf(one, { mapping: (m) => m.map((c) => (c.name === 'churned' ? { ...c, role: 'label' } : c.name === 'user' ? { ...c, role: 'user' } : c)) }));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toMatch(/^column "user": Only one user \("u1"\) has events to learn from\. .*many users/);
  });

  it('a task whose labels are all one class (a label column, and a task built from the log)', async () => {
    const ones = log(LOG.map((r, i) => (i === 0 ? r : r.replace(/,[01]$/, ',1'))));
    const e = await rejection(datasetOf(ones, { mapping: (m) => m.map((c) => (c.name === 'churned' ? { ...c, role: 'label' } : c)) }));
    expect(e.message).toMatch(/^column "churned": Task churned has only positive labels \(2 users\): AUC needs both classes; map another column or build a label\./);
    const builder = { cutoff: '2024-01-02', windowDays: 30, windowEvents: 1, tasks: [{ name: 'returns', kind: 'any' as const }] };
    const built = await rejection(datasetOf(log(), { labelBuilder: builder, mapping: (m) => m.map((c) => (c.role === 'label' ? { ...c, role: 'ignore' } : c)) }));
    expect(built.message).toMatch(/^Task returns has only positive labels \(2 users\): .*every user meets the task: narrow the window or raise the threshold\./);
  });

  it('no label at all: training needs a task, and says how to build one', async () => {
    const e = await rejection(datasetOf(log(), { mapping: (m) => m.map((c) => (c.role === 'label' ? { ...c, role: 'ignore' } : c)) }));
    expect(e.message).toMatch(/^Training needs at least one task.*label builder/);
  });

  it('a binary (non-text) file', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 37) % 256);
    bytes[0] = 0x7f;
    expect((await problem(loadBlob(new Blob([bytes])))).message).toMatch(/This is not a text file: it holds a NUL byte.*Export the data as CSV/);
    const zip = new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0]);
    expect((await problem(loadBlob(new Blob([zip])))).message).toMatch(/ZIP archive \(or an Excel \.xlsx workbook/);
  });

  it('a line of 10 MB', async () => {
    const e = await problem(loadText(`user,text\nu1,a\nu2,${'x'.repeat(10 * 1024 * 1024)}\nu3,b\n`));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/^row 3: A line is longer than 4 MiB: this is not a file of one row per line\./);
  });

  it('a file that stops mid-row (and a gzip cut short)', async () => {
    const cut = log().slice(0, -14);
    const e = await problem(loadText(cut));
    expect(e.row).toBe(5);
    expect(e.message).toMatch(/^row 5: The file ends in the middle of this row: it has 2 of the header's 5 fields and no line break\. The file was cut off/);
    const big = Array.from({ length: 5000 }, (_, i) => `u${i % 50},2024-01-01 10:00:00,k${i % 7},${i},${i % 2}`).join('\n');
    const zipped = new Uint8Array(await gz(`${LOG[0]}\n${big}\n`).arrayBuffer());
    const g = await problem(loadBlob(new Blob([zipped.slice(0, zipped.length / 2)])));
    expect(g.message).toMatch(/gzip data is damaged or ends early.*cut off/);
  });

  it('duplicate column names', async () => {
    const e = await problem(loadText('user,time,user\nu1,2024-01-01,a\n'));
    expect(e).toMatchObject({ row: 1, column: 'user' });
    expect(e.message).toMatch(/Two columns are named "user" \(columns 1 and 3\)\. Rename one of them/);
  });

  it('lists of different lengths in a sequence file', async () => {
    const e = await problem(loadText('user,items,kinds\na,i1|i2|i3,v|v|b\nb,i2|i4,v\nc,i1|i5,v|b\n', { format: 'sequences' }, (m) => m.map((c) => (c.name === 'kinds' ? { ...c, role: 'category', list: '|' } : c))));
    expect(e).toMatchObject({ row: 3, column: 'kinds' });
    expect(e.message).toMatch(/lists in columns "items" and "kinds" have different lengths \(2 and 1\)/);
  });
});
