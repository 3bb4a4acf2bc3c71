// Rows of a delimited text file as a table: the header (read, or made up for a file without
// one), every data row checked against it, and a DataError for each way the shape can be
// wrong (ragged rows, a file cut off mid-row, a header and nothing else, nothing at all).
import { CsvRowParser, type FieldDelimiter } from './csvParser';
import { DataError } from './rawTable';
import { DELIMITER_NAMES } from './sniff';

export interface TableLayout {
  delimiter: FieldDelimiter;
  /** The first row names the columns. */
  header: boolean;
  /** `user item item …` lines: the first field is the user, the rest one list column. */
  sequenceLines: boolean;
}

/** Column names of a `user item item …` file. */
export const SEQUENCE_LINE_HEADER = ['user', 'item'];

/** Receives each data row (as wide as the header) and its editor line; false stops reading. */
export type TableSink = (cells: string[], line: number) => boolean | void;

export class TableReader {
  header: string[] | null = null;
  /** Line of the header row (0 when the file has none). */
  headerLine = 0;
  dataRows = 0;
  private readonly parser: CsvRowParser;

  constructor(
    private readonly layout: TableLayout,
    private readonly sink: TableSink,
  ) {
    this.parser = new CsvRowParser(layout.delimiter, (fields, line) => this.onRow(fields, line));
  }

  get done(): boolean {
    return this.parser.done;
  }

  push(text: string): void {
    this.parser.push(text);
  }

  /** The text has ended; checks that it held a header and at least one data row. */
  end(): void {
    this.parser.end();
    if (this.parser.done) return;
    if (this.header === null) {
      throw new DataError({ problem: 'The file is empty.', hint: 'Choose a CSV file with a header row and one row per event.' });
    }
    if (this.dataRows === 0) {
      throw new DataError({ problem: 'The file has a header row but no data rows.', row: this.headerLine, hint: 'Add one row per event below the header.' });
    }
  }

  private onRow(fields: string[], line: number): boolean | void {
    if (this.header === null) {
      if (this.layout.sequenceLines) this.header = SEQUENCE_LINE_HEADER;
      else if (this.layout.header) {
        this.header = cleanHeader(fields, line);
        this.headerLine = line;
        return;
      } else this.header = fields.map((_, i) => `column_${i + 1}`);
    }
    let cells = fields;
    if (this.layout.sequenceLines) cells = [fields[0], fields.slice(1).join(' ')];
    else if (fields.length !== this.header.length) throw this.ragged(fields.length, line);
    this.dataRows++;
    return this.sink(cells, line);
  }

  private ragged(n: number, line: number): DataError {
    const width = this.header!.length;
    const name = DELIMITER_NAMES[this.layout.delimiter];
    if (n < width && this.parser.lastRowUnterminated) {
      return new DataError({
        problem: `The file ends in the middle of this row: it has ${n} of the header's ${width} fields and no line break.`,
        row: line,
        hint: 'The file was cut off (an interrupted download or export?): export it again, or delete this last row.',
      });
    }
    return new DataError({
      problem: `This row has ${n} field${n === 1 ? '' : 's'} but the header has ${width} columns (split on ${name}).`,
      row: line,
      hint:
        n > width
          ? `A value that contains a ${name} must be in double quotes; look for an unquoted ${name} in this row.`
          : `Each row needs a value (possibly empty) for every column; add the missing ${name}s.`,
    });
  }
}

function cleanHeader(raw: string[], line: number): string[] {
  // A trailing delimiter leaves a nameless last column; give such columns a name to map by.
  const header = raw.map((h, i) => h.trim() || `column_${i + 1}`);
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    const before = seen.get(name);
    if (before !== undefined) {
      throw new DataError({
        problem: `Two columns are named "${name}" (columns ${before + 1} and ${i + 1}).`,
        row: line,
        column: name,
        hint: 'Rename one of them in the header so that each column can be mapped on its own.',
      });
    }
    seen.set(name, i);
  });
  return header;
}
