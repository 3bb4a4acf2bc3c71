// Test helper: a file's text (or bytes) through the two streamed passes, as the worker runs them.
import { gzipSync } from 'node:zlib';
import { buildDataset, type BuildOptions } from '../data/buildDataset';
import type { EventStore } from '../data/eventStore';
import { loadStore, sampleFile, timeFormatsOf, type FileSample, type ReadSettings } from '../data/loadFile';
import type { ColumnMapping, LabelBuilder } from '../run/runSpec';

export const AUTO: ReadSettings = { format: 'auto', delimiter: 'auto', header: 'auto', encoding: 'utf-8' };

export const gz = (text: string) => new Blob([new Uint8Array(gzipSync(Buffer.from(text, 'utf8')))]);

export interface Loaded {
  sample: FileSample;
  store: EventStore;
}

export async function loadBlob(
  blob: Blob,
  settings: Partial<ReadSettings> = {},
  mapping?: (suggested: ColumnMapping[]) => ColumnMapping[],
  labelBuilder?: LabelBuilder,
): Promise<Loaded> {
  const sample = await sampleFile(blob, { ...AUTO, ...settings });
  const timeFormats = timeFormatsOf(sample);
  const cols = mapping ? mapping(sample.suggested) : sample.suggested;
  const store = await loadStore(blob, { layout: sample.layout, mapping: cols, labelBuilder, timeFormats });
  return { sample, store };
}

export const loadText = (text: string, settings: Partial<ReadSettings> = {}, mapping?: (s: ColumnMapping[]) => ColumnMapping[], labelBuilder?: LabelBuilder) =>
  loadBlob(new Blob([text]), settings, mapping, labelBuilder);

/** A load and a build, with labels from the log when `labelBuilder` is given. */
export async function datasetOf(text: string, opts: Partial<BuildOptions> & { mapping?: (s: ColumnMapping[]) => ColumnMapping[] } = {}) {
  const { store } = await loadText(text, {}, opts.mapping, opts.labelBuilder);
  return buildDataset(store, { name: 't', seqLen: 8, ...opts });
}

/** The rejection of a promise, expected to be an Error. */
export async function rejection(p: Promise<unknown>): Promise<Error & { row?: number; column?: string; hint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}
