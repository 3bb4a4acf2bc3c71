import { describe, expect, it } from 'vitest';
import { parseCsv, tableToCsv } from './csv';
import { dataError } from '../test/expectDataError';

describe('parseCsv', () => {
  it('reads a header and rows', () => {
    expect(parseCsv('user,amount\nu1,3\nu2,4\n')).toMatchObject({ header: ['user', 'amount'], rows: [['u1', '3'], ['u2', '4']] });
  });

  it.each([
    [',', 'a,b\n1,2\n3,4'],
    ['\t', 'a\tb\n1\t2\n3\t4'],
    [';', 'a;b\n1;2\n3;4'],
    ['|', 'a|b\n1|2\n3|4'],
  ])('detects the delimiter %j, even from two rows', (_, text) => {
    expect(parseCsv(text).rows).toEqual([['1', '2'], ['3', '4']]);
  });

  it('prefers the delimiter that splits consistently (commas inside a semicolon file)', () => {
    const t = parseCsv('name;price\nsmith, john;1,5\ndoe, jane;2,0\n');
    expect(t.header).toEqual(['name', 'price']);
    expect(t.rows[0]).toEqual(['smith, john', '1,5']);
  });

  it('keeps quoted delimiters, quotes and line breaks inside fields, and counts editor lines', () => {
    const t = parseCsv('id,text\n1,"a, ""b""\nc"\n\n2,plain\n');
    expect(t.rows).toEqual([['1', 'a, "b"\nc'], ['2', 'plain']]);
    // Row 1 spans lines 2-3, line 4 is blank: row 2 is on line 5.
    expect(Array.from(t.lines!)).toEqual([2, 5]);
  });

  it('strips a UTF-8 BOM and handles CRLF', () => {
    const t = parseCsv('\uFEFFuser,x\r\nu1,1\r\n');
    expect(t.header).toEqual(['user', 'x']);
    expect(t.rows).toEqual([['u1', '1']]);
  });

  it('names nameless columns (a trailing delimiter)', () => {
    expect(parseCsv('a,b,\n1,2,\n').header).toEqual(['a', 'b', 'column_3']);
  });

  it('rejects an empty file', () => {
    expect(dataError(() => parseCsv('')).message).toMatch(/empty/);
    expect(dataError(() => parseCsv('\uFEFF \n\n')).message).toMatch(/empty/);
  });

  it('rejects a header without rows, naming its line', () => {
    const e = dataError(() => parseCsv('user,time\n\n'));
    expect(e.row).toBe(1);
    expect(e.message).toMatch(/header row but no data rows/);
  });

  it('rejects a ragged row, saying where and how many fields', () => {
    const e = dataError(() => parseCsv('a,b,c\n1,2,3\n\n4,5,6,7\n'));
    expect(e.row).toBe(4);
    expect(e.message).toMatch(/^row 4: .*4 fields but the header has 3 columns/);
    expect(e.hint).toMatch(/double quotes/);
    expect(dataError(() => parseCsv('a,b,c\n1,2\n')).message).toMatch(/row 2: .*2 fields but the header has 3/);
  });

  it('rejects an unterminated quote, naming the line where it opens', () => {
    const e = dataError(() => parseCsv('a,b\n1,2\n3,"oops\n5,6\n'));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/row 3: .*never closed/);
  });

  it('rejects text after a closing quote', () => {
    expect(dataError(() => parseCsv('a,b\n1,"x"y\n')).message).toMatch(/row 2: .*after its closing quote/);
  });

  it('rejects binary content', () => {
    expect(dataError(() => parseCsv('a,b\n1,\u00002\n')).message).toMatch(/NUL byte/);
    const garbage = Array.from({ length: 400 }, (_, i) => String.fromCharCode(i % 2 ? 0xfffd : 3)).join('');
    expect(dataError(() => parseCsv(`PK${garbage}`)).message).toMatch(/not printable.*unpacked/);
  });

  it('rejects duplicate column names', () => {
    const e = dataError(() => parseCsv('user,x,user\n1,2,3\n'));
    expect(e.column).toBe('user');
    expect(e.message).toMatch(/columns 1 and 3/);
  });
});

describe('tableToCsv', () => {
  it('quotes what needs quoting and round-trips', () => {
    const table = { header: ['id', 'text'], rows: [['1', 'a,b'], ['2', 'say "hi"'], ['3', 'two\nlines'], ['4', '']] };
    const csv = tableToCsv(table);
    expect(csv).toBe('id,text\n1,"a,b"\n2,"say ""hi"""\n3,"two\nlines"\n4,\n');
    expect(parseCsv(csv)).toMatchObject(table);
  });
});
