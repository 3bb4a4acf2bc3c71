// The dropped file inside the worker: its sample (shape and column profiles), its SHA-256,
// and the event store of the last full pass, kept while the mapping that shaped it stays the
// same, so that changing N, the minimum or a label task does not read the file again. Each
// load can be cancelled; a failed or cancelled load leaves the previous file and store.
import { buildDataset, inputSettingsOf, type BuildOptions } from '../data/buildDataset';
import type { Dataset } from '../data/dataset';
import type { EventStore } from '../data/eventStore';
import { sha256OfBlob } from '../data/fileHash';
import { loadStore, sampleFile, timeFormatsOf, type FileSample, type LoadProgress, type ReadSettings } from '../data/loadFile';
import type { ColumnMapping, RunSpec } from '../run/runSpec';
import type { FilePreview } from './protocol';

const PREVIEW_ROWS = 12;

export class FileSource {
  private file: File | null = null;
  private sample: FileSample | null = null;
  private sha256 = '';
  private cached: { key: string; store: EventStore } | null = null;
  private abort: AbortController | null = null;

  constructor(private readonly onProgress: (p: LoadProgress & { done?: boolean; timeRange?: [number, number] }) => void) {}

  get loaded(): boolean {
    return this.sample !== null;
  }

  cancel(): void {
    this.abort?.abort();
  }

  /** Sample pass and hash; the previous file stays until both succeed. */
  async open(file: File, settings: ReadSettings): Promise<FilePreview> {
    const signal = this.begin();
    try {
      const sample = await sampleFile(file, settings, { signal, onProgress: this.onProgress });
      const sha256 =
        file === this.file
          ? this.sha256
          : await sha256OfBlob(file, signal, (bytes) => this.onProgress({ phase: 'hash', bytes, totalBytes: file.size, rows: sample.table.rows.length }));
      if (file !== this.file) this.cached = null;
      this.file = file;
      this.sample = sample;
      this.sha256 = sha256;
      return preview(file, sha256, sample);
    } finally {
      this.end(signal);
    }
  }

  /** The events of the file as `spec` maps them: a full pass when the mapping changed (its end reports the log's time span). */
  async events(spec: RunSpec): Promise<EventStore> {
    if (!this.file || !this.sample) throw new Error('This run trains on a local file: drop the file first.');
    const mapping = this.mapping(spec);
    const key = JSON.stringify([this.sample.layout, mapping.map(({ name, role, timeFormat, list }) => [name, role, timeFormat, list]), extraColumns(mapping, spec)]);
    if (this.cached?.key !== key) {
      const signal = this.begin();
      try {
        const timeFormats = timeFormatsOf(this.sample);
        const store = await loadStore(this.file, { layout: this.sample.layout, mapping, labelBuilder: spec.data.labelBuilder, timeFormats }, { signal, onProgress: this.onProgress });
        this.cached = { key, store };
        this.onProgress({ phase: 'load', bytes: this.file.size, totalBytes: this.file.size, rows: store.rows, done: true, timeRange: timeRange(store) });
      } finally {
        this.end(signal);
      }
    }
    return withNorms(this.cached!.store, mapping);
  }

  /** The column mapping `spec` reads this file with: its own, or the inferred one when it has none. */
  mapping(spec: RunSpec): ColumnMapping[] {
    return spec.data.columns.length > 0 ? spec.data.columns : (this.sample?.suggested ?? []);
  }

  /** The dataset of `spec` on this file: its events (read once per mapping), then the build (at N from `seqLenFor` when given). */
  async dataset(spec: RunSpec, split: NonNullable<BuildOptions['split']>, seqLenFor?: BuildOptions['seqLenFor']): Promise<Dataset> {
    const store = await this.events(spec);
    return buildDataset(store, {
      name: this.file!.name, // events() has checked it
      seqLen: spec.data.seqLen,
      seqLenFor,
      minEvents: spec.data.minEvents,
      idVocabCap: spec.data.idVocabCap,
      idShardRows: spec.data.idShardRows,
      labelBuilder: spec.data.labelBuilder,
      split,
      ...inputSettingsOf(spec.data),
    });
  }

  private begin(): AbortSignal {
    this.abort?.abort();
    this.abort = new AbortController();
    return this.abort.signal;
  }

  private end(signal: AbortSignal): void {
    if (this.abort?.signal === signal) this.abort = null;
  }
}

/** Columns read only by label tasks (so the store must hold them although no channel does). */
function extraColumns(mapping: ColumnMapping[], spec: RunSpec): string[] {
  const inputs = new Set(mapping.filter((m) => m.role !== 'ignore' && m.role !== 'label').map((m) => m.name));
  return spec.data.labelBuilder.tasks.flatMap((t) => (t.kind !== 'any' && t.column && !inputs.has(t.column) ? [t.column] : [])).sort();
}

/** The store with each dense column's normalisation as the mapping now says (no reread needed). */
function withNorms(store: EventStore, mapping: ColumnMapping[]): EventStore {
  const norm = new Map(mapping.map((m) => [m.name, m.norm ?? 'auto']));
  return { ...store, dense: store.dense.map((c) => ({ ...c, norm: norm.get(c.name) ?? 'auto' })) };
}

function timeRange(store: EventStore): [number, number] | undefined {
  if (!store.time || store.time.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of store.time) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return [lo, hi];
}

function preview(file: File, sha256: string, s: FileSample): FilePreview {
  return {
    name: file.name,
    size: file.size,
    sha256,
    rows: s.table.rows.length,
    complete: s.complete,
    header: s.table.header,
    sample: s.table.rows.slice(0, PREVIEW_ROWS),
    profiles: s.profiles,
    suggested: s.suggested,
    layout: s.layout,
    warnings: s.warnings,
  };
}
