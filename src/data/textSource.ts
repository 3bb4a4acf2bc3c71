// A dropped file as a stream of text chunks: gzip is recognised by its magic bytes (not its
// name) and inflated with DecompressionStream, bytes are decoded as UTF-8 or Latin-1, and the
// compressed bytes read so far are reported for the progress bar. The file is never in
// memory whole; a Cancel aborts between chunks.
import { DataError } from './rawTable';
import { rejectBinary } from './csv';

export type TextEncodingName = 'utf-8' | 'latin1';

export interface TextSourceOptions {
  encoding: TextEncodingName;
  signal?: AbortSignal;
  /** File bytes read so far (compressed bytes for a .gz). */
  onBytes?(bytes: number): void;
}

/** Thrown when a load is cancelled; not a problem of the file. */
export class LoadCancelled extends Error {
  constructor() {
    super('Loading was cancelled; the previous dataset stays. Drop the file again, or change a setting, to read it.');
    this.name = 'LoadCancelled';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new LoadCancelled();
}

type Kind = 'gzip' | 'text';

async function sniffKind(blob: Blob): Promise<Kind> {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) {
    throw new DataError({
      problem: 'This is a ZIP archive (or an Excel .xlsx workbook, which is one), not a text file.',
      hint: 'Unpack the archive, or save the sheet as CSV (UTF-8), and drop that file. Gzipped files (.gz) are read as they are.',
    });
  }
  return 'text';
}

function counting(onBytes: ((n: number) => void) | undefined): TransformStream<Uint8Array, Uint8Array> {
  let total = 0;
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength;
      onBytes?.(total);
      controller.enqueue(chunk);
    },
  });
}

/** Text chunks of `blob`, the first checked for binary content. */
export async function* readText(blob: Blob, opts: TextSourceOptions): AsyncGenerator<string> {
  const kind = await sniffKind(blob);
  let bytes: ReadableStream<Uint8Array> = blob.stream().pipeThrough(counting(opts.onBytes));
  if (kind === 'gzip') bytes = bytes.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
  // 'latin1' is the WHATWG label of windows-1252, the superset that Excel on Windows writes.
  const text = (bytes as unknown as ReadableStream<BufferSource>).pipeThrough(new TextDecoderStream(opts.encoding === 'latin1' ? 'latin1' : 'utf-8'));
  const reader = text.getReader();
  let first = true;
  let crOnly = false;
  try {
    for (;;) {
      throwIfCancelled(opts.signal);
      let r: ReadableStreamReadResult<string>;
      try {
        r = await reader.read();
      } catch (e) {
        throw kind === 'gzip' ? brokenGzip(e) : e;
      }
      if (r.done) return;
      let chunk = r.value;
      if (chunk.length === 0) continue;
      if (first) {
        first = false;
        rejectBinary(chunk);
        crOnly = endsLinesWithCr(chunk);
      }
      if (crOnly) chunk = chunk.replace(/\r/g, '\n');
      yield chunk;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * Old Mac exports end lines with CR alone, yet a multi-line cell inside quotes may hold an LF:
 * the first line break outside quotes tells which the file uses.
 */
export function endsLinesWithCr(text: string): boolean {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 10) return false;
    else if (!quoted && c === 13) return i + 1 < text.length ? text.charCodeAt(i + 1) !== 10 : !text.includes('\n');
  }
  return false;
}

function brokenGzip(e: unknown): DataError {
  return new DataError({
    problem: `The gzip data is damaged or ends early (${(e as Error).message || 'decompression failed'}).`,
    hint: 'The file was probably cut off (an interrupted download?): download or compress it again.',
  });
}
