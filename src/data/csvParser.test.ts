import { describe, expect, it } from 'vitest';
import { CsvRowParser, MAX_RECORD_CHARS, parseRows, type FieldDelimiter } from './csvParser';
import { dataError } from '../test/expectDataError';

/** Rows and lines of `text` pushed in chunks of `size` characters. */
function chunked(text: string, size: number, d: FieldDelimiter = ',') {
  const rows: string[][] = [];
  const lines: number[] = [];
  const p = new CsvRowParser(d, (f, l) => {
    rows.push(f);
    lines.push(l);
  });
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
  p.end();
  return { rows, lines };
}

const tricky = 'id,text,n\r\n1,"a, ""quoted""\nline",2\r\n\r\n2,plain,3\n3,"",4\n4,"x\r\ny",5';

describe('CsvRowParser', () => {
  it('reads quoted delimiters, doubled quotes, line breaks in fields, CRLF and blank lines', () => {
    const { rows, lines } = parseRows(tricky, ',');
    expect(rows).toEqual([['id', 'text', 'n'], ['1', 'a, "quoted"\nline', '2'], ['2', 'plain', '3'], ['3', '', '4'], ['4', 'x\r\ny', '5']]);
    // Row 1 spans lines 2-3, line 4 is blank.
    expect(lines).toEqual([1, 2, 5, 6, 7]);
  });

  it('gives the same rows and lines whatever the chunk boundaries', () => {
    const whole = parseRows(tricky, ',');
    for (const size of [1, 2, 3, 5, 7, 11, 64]) expect(chunked(tricky, size)).toEqual(whole);
  });

  it('splits space-separated lines on runs of spaces', () => {
    expect(parseRows('1 10 11  12\n2 13\n', ' ').rows).toEqual([['1', '10', '11', '12'], ['2', '13']]);
  });

  it('stops when the sink says so', () => {
    const seen: string[] = [];
    const p = new CsvRowParser(',', (f) => {
      seen.push(f[0]);
      return seen.length < 2;
    });
    p.push('a\nb\nc\nd\n');
    expect(seen).toEqual(['a', 'b']);
    expect(p.done).toBe(true);
  });

  it('marks a last row without a line break', () => {
    const p = new CsvRowParser(',', () => {});
    p.push('a,b\n1,2');
    p.end();
    expect(p.lastRowUnterminated).toBe(true);
  });

  it('rejects a line longer than the record cap, naming its row', () => {
    const e = dataError(() => chunked(`a,b\n1,2\n3,${'x'.repeat(MAX_RECORD_CHARS + 10)}\n`, 65_536));
    expect(e.row).toBe(3);
    expect(e.message).toMatch(/longer than 4 MiB: this is not a file of one row per line/);
  });
});
