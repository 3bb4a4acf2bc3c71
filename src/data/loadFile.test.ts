// The formats a log may come in, read through the streamed passes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256OfBlob } from './fileHash';
import { BlockArray } from './growable';
import { loadStore, sampleFile } from './loadFile';
import { AUTO, gz, loadBlob, loadText } from '../test/fileLoad';
import { LoadCancelled } from './textSource';

const roles = (m: { name: string; role: string }[]) => Object.fromEntries(m.map((c) => [c.name, c.role]));

// 3 users, 2-3 events each, a quoted comma, a quoted line break and a per-user label.
const EVENTS = [
  'user_id,timestamp,event,amount,note,churned',
  'u1,2024-01-01 10:00:00,view,1.5,"a, b",1',
  'u1,2024-01-02 10:00:00,buy,20,"two\nlines",1',
  'u2,2024-01-01 11:00:00,view,3,,0',
  'u2,2024-01-03 09:00:00,view,4,x,0',
  'u3,2024-01-01 12:00:00,buy,5,y,1',
  'u3,2024-01-04 12:00:00,view,6,z,1',
  'u3,2024-01-05 12:00:00,buy,7,w,1',
].join('\n');

describe('event logs', () => {
  it.each([
    ['comma', ','],
    ['tab', '\t'],
    ['semicolon', ';'],
    ['pipe', '|'],
  ])('reads a %s-separated log with quoted fields', async (_, d) => {
    // The delimiter swapped outside quotes.
    const delimited = d === ',' ? EVENTS : EVENTS.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, d);
    const { sample, store } = await loadText(delimited);
    expect(sample.layout).toMatchObject({ delimiter: d, header: true, format: 'events' });
    expect(store.rows).toBe(7);
    expect(store.userIds).toEqual(['u1', 'u2', 'u3']);
    const note = store.discrete.find((c) => c.name === 'note')!;
    expect(note.values).toContain('two\nlines');
    expect(sample.table.rows[0][4]).toBe('a, b');
  });

  it('reads it gzipped (by its magic bytes), with a BOM and CRLF line ends', async () => {
    const { sample, store } = await loadBlob(gz(`\uFEFF${EVENTS.replaceAll('\n', '\r\n')}`));
    expect(sample.table.header[0]).toBe('user_id');
    expect(store.rows).toBe(7);
    expect(store.time).not.toBeNull();
  });

  it('reads a file without a header, naming its columns', async () => {
    const body = EVENTS.split('\n').slice(1).join('\n');
    const { sample } = await loadText(body);
    expect(sample.layout.header).toBe(false);
    expect(sample.table.header).toEqual(['column_1', 'column_2', 'column_3', 'column_4', 'column_5', 'column_6']);
    expect(sample.table.rows).toHaveLength(7);
    expect(sample.suggested[0].role).toBe('user');
    // … and a header read as data when the user says there is none.
    const forced = await loadText(EVENTS, { header: 'no' });
    expect(forced.sample.table.rows[0][0]).toBe('user_id');
  });

  it('reads Latin-1 on request, and warns when UTF-8 meets Latin-1 bytes', async () => {
    const bytes = new Uint8Array([...Buffer.from('user,city,y\nu1,'), 0xe9, ...Buffer.from('vry,1\nu1,x,1\nu2,y,0\nu2,z,0\n')]);
    const latin = await loadBlob(new Blob([bytes]), { encoding: 'latin1' });
    expect(latin.sample.table.rows[0][1]).toBe('évry');
    expect(latin.sample.warnings).toEqual([]);
    const utf = await loadBlob(new Blob([bytes]));
    expect(utf.sample.warnings[0]).toMatch(/not UTF-8.*Latin-1/);
  });

  it('reads old Mac files with CR line ends', async () => {
    const { store } = await loadText(EVENTS.replace('"two\nlines"', 'two').replaceAll('\n', '\r'));
    expect(store.rows).toBe(7);
  });
});

describe('per-user sequence files', () => {
  it('reads `user item item …` lines (Beauty.txt) as one ID channel of events', async () => {
    const { sample, store } = await loadText('1 1 2 3 4 5\n2 6 7 8 9 10 4 11\n3 4 12 13\n');
    expect(sample.layout).toMatchObject({ delimiter: ' ', header: false, sequenceLines: true, format: 'sequences' });
    expect(sample.suggested).toEqual([
      { name: 'user', role: 'user' },
      { name: 'item', role: 'id', list: ' ' },
    ]);
    expect(store.userIds).toEqual(['1', '2', '3']);
    expect(store.events).toBe(5 + 7 + 3);
    const item = store.discrete[0];
    expect(Array.from(store.user.subarray(5, 12))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(item.values[item.codes[12]]).toBe('4');
  });

  it('reads a CSV with a user column and parallel list columns', async () => {
    const text = ['customer_id,items,kinds,segment', 'a,i1|i2|i3,view|view|buy,gold', 'b,i2|i4,view|buy,silver', 'c,i1|i5|i6|i2,buy|view|view|buy,gold'].join('\n');
    const { sample, store } = await loadText(text);
    expect(sample.layout.format).toBe('sequences');
    expect(sample.suggested.find((c) => c.name === 'items')).toMatchObject({ list: '|' });
    expect(store.events).toBe(9);
    // A per-user value (segment) is repeated on each of the user's events.
    const seg = store.discrete.find((c) => c.name === 'segment')!;
    expect(Array.from(seg.codes.subarray(3, 5)).map((c) => seg.values[c])).toEqual(['silver', 'silver']);
    expect(roles(sample.suggested).customer_id).toBe('user');
  });
});

describe('streaming', () => {
  const big = ['user,time,kind', ...Array.from({ length: 60_000 }, (_, i) => `u${i % 500},2024-01-01 00:00:${String(i % 60).padStart(2, '0')},k${i % 9}`)].join('\n');

  it('reports bytes and rows as it reads, ending at the whole file', async () => {
    const blob = new Blob([big]);
    const seen: { phase: string; bytes: number; rows: number }[] = [];
    const sample = await sampleFile(blob, AUTO);
    expect(sample.complete).toBe(false);
    expect(sample.table.rows).toHaveLength(10_000);
    const timeFormats = new Map([['time', 'iso' as const]]);
    const store = await loadStore(blob, { layout: sample.layout, mapping: sample.suggested, timeFormats }, { onProgress: (p) => seen.push(p) });
    expect(store.rows).toBe(60_000);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ phase: 'load', bytes: blob.size, rows: 60_000 });
  });

  it('stops when cancelled, with LoadCancelled (not a problem of the file)', async () => {
    const abort = new AbortController();
    const blob = new Blob([big]);
    const sample = await sampleFile(blob, AUTO);
    const loading = loadStore(blob, { layout: sample.layout, mapping: sample.suggested, timeFormats: new Map([['time', 'iso' as const]]) }, { signal: abort.signal, onProgress: () => abort.abort() });
    await expect(loading).rejects.toBeInstanceOf(LoadCancelled);
  });

  it('hashes a file in chunks to the same SHA-256 as node:crypto', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    expect(await sha256OfBlob(new Blob([bytes]))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('time columns mapped by hand', () => {
  it('read in the format that fits the sample best, whatever the name', async () => {
    const { store } = await loadText('who,t,y\na,1700000000,1\na,1700003600,1\nb,1700000000,0\nb,1700007200,0\n', {}, (m) =>
      m.map((c) => (c.name === 't' ? { ...c, role: 'time' } : c.name === 'who' ? { ...c, role: 'user' } : c)),
    );
    expect(Array.from(store.time!)).toEqual([1700000000000, 1700003600000, 1700000000000, 1700007200000]);
  });
});

describe('BlockArray', () => {
  it('keeps every value in order across blocks and assembles one exact array', () => {
    const a = new BlockArray(Int32Array, 8);
    for (let i = 0; i < 37; i++) a.push(i * 3);
    expect(a.length).toBe(37);
    const out = a.finish();
    expect(out).toHaveLength(37);
    expect(Array.from(out)).toEqual(Array.from({ length: 37 }, (_, i) => i * 3));
  });
});
