// SHA-256 of a dropped file, read in chunks: a share link names its file by this digest, and
// Web Crypto has no streaming digest (a 1 GB file must not be read into one ArrayBuffer).
import { sha256 } from '@noble/hashes/sha2.js';
import { throwIfCancelled } from './textSource';

export async function sha256OfBlob(blob: Blob, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = sha256.create();
  const reader = blob.stream().getReader();
  let total = 0;
  try {
    for (;;) {
      throwIfCancelled(signal);
      const r = await reader.read();
      if (r.done) break;
      hash.update(r.value);
      total += r.value.byteLength;
      onBytes?.(total);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Array.from(hash.digest(), (b) => b.toString(16).padStart(2, '0')).join('');
}
