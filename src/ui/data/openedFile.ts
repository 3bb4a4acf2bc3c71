// The run after a file was opened: a link's own settings are kept when the dropped file is
// the link's file (same SHA-256); any other file starts from what the sample pass inferred,
// unless the user adopts it in place of the file a run asked for.
import type { ReadSettings } from '../../data/loadFile';
import type { FileIdentity, RunSpec } from '../../run/runSpec';
import type { FilePreview } from '../../worker/protocol';

export type { ReadSettings };

export const AUTO_READ: ReadSettings = { format: 'auto', delimiter: 'auto', header: 'auto', encoding: 'utf-8' };

export function readSettingsOf(spec: RunSpec): ReadSettings {
  const { format, delimiter, header, encoding } = spec.data;
  return { format, delimiter, header, encoding };
}

/** True when `spec` trains on a file other than the one loaded (or none is): it awaits its own file. */
export function awaitsFile(spec: RunSpec, loaded: { sha256: string } | null): boolean {
  return spec.data.source === 'file' && spec.data.file !== null && loaded?.sha256 !== spec.data.file.sha256;
}

/** How to read a newly dropped file: as the open link says when it names this file, else detected. */
export function readSettingsFor(spec: RunSpec, file: Pick<FileIdentity, 'name' | 'size'>): ReadSettings {
  const want = spec.data.file;
  return want && want.name === file.name && want.size === file.size ? readSettingsOf(spec) : AUTO_READ;
}

/** `settings` set when the user re-read the same file another way (then the inferred columns apply). */
export function specForOpenedFile(spec: RunSpec, preview: FilePreview, settings?: ReadSettings): RunSpec {
  const same = spec.data.file?.sha256 === preview.sha256;
  const keep = same && !settings;
  const read = settings ?? (same ? readSettingsOf(spec) : AUTO_READ);
  return {
    ...spec,
    data: {
      ...spec.data,
      ...read,
      source: 'file',
      file: { name: preview.name, size: preview.size, sha256: preview.sha256 },
      columns: keep && spec.data.columns.length > 0 ? spec.data.columns : preview.suggested,
      labelBuilder: same ? spec.data.labelBuilder : { ...spec.data.labelBuilder, cutoff: '', tasks: [] },
    },
  };
}

/**
 * The run on a file that is not the one it named: its identity becomes this file's; the run's
 * mapping stays when the file has the same columns, and so do the label tasks whose columns it has.
 */
export function specForAdoptedFile(spec: RunSpec, preview: FilePreview): RunSpec {
  const named = new Set(spec.data.columns.map((c) => c.name));
  const sameColumns = named.size === preview.header.length && preview.header.every((h) => named.has(h));
  const columns = sameColumns ? spec.data.columns : preview.suggested;
  const present = new Set(columns.map((c) => c.name));
  const builder = spec.data.labelBuilder;
  return {
    ...spec,
    data: {
      ...spec.data,
      ...readSettingsFor(spec, preview),
      source: 'file',
      file: { name: preview.name, size: preview.size, sha256: preview.sha256 },
      columns,
      labelBuilder: { ...builder, tasks: builder.tasks.filter((t) => t.column === undefined || present.has(t.column)) },
    },
  };
}

/** Read settings in words, for the question before a re-read discards trained steps: "rows: auto, delimiter: tab, header: auto, utf-8". */
export function describeRead(s: ReadSettings): string {
  const delimiter = s.delimiter === '\t' ? 'tab' : s.delimiter;
  return `rows: ${s.format}, delimiter: ${delimiter}, header: ${s.header}, ${s.encoding}`;
}
