// An event log already in memory (a RawTable: the demo, tests, small files) and a column
// mapping in, the encoded Dataset out: the same store and build steps as a streamed file.
import type { ColumnMapping, LabelBuilder } from '../run/runSpec';
import { buildDataset, type BuildOptions } from './buildDataset';
import { spreadSample } from './columnStats';
import type { Dataset } from './dataset';
import { planLoad, StoreBuilder, type EventStore, type StoreFormat } from './eventStore';
import { lineOf, type RawTable } from './rawTable';
import { bestTimeFormat } from './time';

export { TIME_GAP_CHANNEL } from './channels';

export interface EncodeOptions extends BuildOptions {
  format?: StoreFormat;
}

/** Columns that label tasks read, so that the store keeps them. */
export function taskColumns(builder: LabelBuilder | undefined): string[] {
  return (builder?.tasks ?? []).flatMap((t) => (t.kind !== 'any' && t.column ? [t.column] : []));
}

export function storeFromTable(table: RawTable, mapping: ColumnMapping[], format: StoreFormat = 'events', builder?: LabelBuilder): EventStore {
  // A column mapped as time by hand may hold epoch numbers whatever its name.
  const timeFormatOf = (col: number) => bestTimeFormat(spreadSample(table, col, 2000), table.header[col], true)?.format ?? null;
  const plan = planLoad(table.header, mapping, format, timeFormatOf, taskColumns(builder));
  const store = new StoreBuilder(plan);
  table.rows.forEach((row, r) => store.addRow(row, lineOf(table, r)));
  return store.finish();
}

export function encodeEvents(table: RawTable, mapping: ColumnMapping[], opts: EncodeOptions): Dataset {
  return buildDataset(storeFromTable(table, mapping, opts.format, opts.labelBuilder), opts);
}
