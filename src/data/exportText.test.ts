import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { csvText, metadataHeader, metadataTsv, neutraliseFormula, scoresCsv, scoresHeader, tsvText, usersCsv, usersHeader, vectorsTsv, type ExportRow } from './exportText';

const columns = { tasks: ['buys', 'churn'], categories: ['country'] };
const rows: ExportRow[] = [
  { id: 'ユーザー,1', split: 'train', labels: [1, null], scores: [0.75, 0.125], top: ['Deutschland'] },
  { id: '=HYPERLINK("x")', split: 'validation', labels: [0, 1], scores: [1e-7, 0.5], top: ['@home\tand "away"'] },
  { id: 'Zoë 😀', split: 'scored', labels: [null, null], scores: [0.3333333432674408, 0.9], top: [''] },
];
const h = Float32Array.from([0.5, -1.25, 3e-8, 2, 0, -0.375]);

describe('spreadsheet formula neutralising', () => {
  it('prefixes an apostrophe to a cell starting with =, +, -, @, tab or CR, and to nothing else', () => {
    for (const s of ['=1+1', '+33 1', '-2', '@SUM(A1)', '\tx', '\r=1']) expect(neutraliseFormula(s)).toBe(`'${s}`);
    for (const s of ['a=1', '1-2', '', 'u00042', "'=x"]) expect(neutraliseFormula(s)).toBe(s);
  });

  it('quotes CSV fields with a comma, quote or line break, after neutralising', () => {
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvText('two\nlines')).toBe('"two\nlines"');
  });

  it('turns tabs and line breaks of a TSV field into spaces (the Projector knows no quoting)', () => {
    expect(tsvText('a\tb\r\nc')).toBe('a b c');
    expect(tsvText('-x')).toBe("'-x");
  });
});

describe('users.csv', () => {
  it('reads back with one row per user: ID (non-ASCII kept), split, d_model floats to the bit, label and score per task', () => {
    const text = usersHeader(columns, 2) + usersCsv(rows, h, 2);
    const table = parseCsv(text);
    expect(table.header).toEqual(['user_id', 'split', 'h_0', 'h_1', 'buys_label', 'buys_score', 'churn_label', 'churn_score']);
    expect(table.rows.map((r) => r[0])).toEqual(['ユーザー,1', `'=HYPERLINK("x")`, 'Zoë 😀']);
    expect(table.rows.map((r) => r[1])).toEqual(['train', 'validation', 'scored']);
    const back = Float32Array.from(table.rows.flatMap((r) => [Number(r[2]), Number(r[3])]));
    expect(Array.from(back)).toEqual(Array.from(h));
    expect(table.rows[0].slice(4)).toEqual(['1', '0.75', '', '0.125']);
    expect(Number(table.rows[2][5])).toBe(0.3333333432674408);
    expect(Number(table.rows[1][5])).toBe(1e-7);
  });
});

describe('Projector files', () => {
  it('vectors.tsv: no header, one line of d tab-separated floats per user', () => {
    const lines = vectorsTsv(h, 2, 3).replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split('\t').map(Number))).toEqual([
      [0.5, -1.25],
      [Math.fround(3e-8), 2],
      [0, -0.375],
    ]);
  });

  it('metadata.tsv: a header row, then one row per user with as many columns', () => {
    const lines = (metadataHeader(columns) + metadataTsv(rows)).replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split('\t')).toEqual(['user_id', 'split', 'buys_label', 'buys_score', 'churn_label', 'churn_score', 'top_country']);
    for (const l of lines) expect(l.split('\t')).toHaveLength(7);
    expect(lines[1].split('\t')).toEqual(['ユーザー,1', 'train', '1', '0.75', '', '0.125', 'Deutschland']);
    expect(lines[2].split('\t')[0]).toBe(`'=HYPERLINK("x")`);
    expect(lines[2].split('\t')[6]).toBe(`'@home and "away"`);
  });
});

describe('scores.csv', () => {
  it('has a score per task, and the labels when the scored file has them', () => {
    expect(parseCsv(scoresHeader(['buys'], false) + scoresCsv([{ ...rows[2], scores: [0.25], labels: [null] }], false)).rows).toEqual([['Zoë 😀', '0.25']]);
    const withLabels = parseCsv(scoresHeader(columns.tasks, true) + scoresCsv(rows, true));
    expect(withLabels.header).toEqual(['user_id', 'buys_score', 'buys_label', 'churn_score', 'churn_label']);
    expect(withLabels.rows[0]).toEqual(['ユーザー,1', '0.75', '1', '0.125', '']);
  });
});
