// The run after a file was opened: a link's own settings are kept when the dropped file is
// the link's file (same SHA-256); any other file starts from what the sample pass inferred.
import type { ReadSettings } from '../../data/loadFile';
import type { RunSpec } from '../../run/runSpec';
import type { FilePreview } from '../../worker/protocol';

export type { ReadSettings };

export const AUTO_READ: ReadSettings = { format: 'auto', delimiter: 'auto', header: 'auto', encoding: 'utf-8' };

export function readSettingsOf(spec: RunSpec): ReadSettings {
  const { format, delimiter, header, encoding } = spec.data;
  return { format, delimiter, header, encoding };
}

/** How to read a newly dropped file: as the open link says when it names this file, else detected. */
export function readSettingsFor(spec: RunSpec, file: File): ReadSettings {
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
