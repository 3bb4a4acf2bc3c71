// Saved pre-trained encoders, kept in the browser's IndexedDB (inside the worker) as the
// bytes of their file (train/encoderFile.ts), so that a later run can fine-tune from one and
// the page can download it or upload one from a teammate.
import { decodeEncoderFile, type EncoderInfo } from '../train/encoderFile';

export interface EncoderStore {
  save(info: EncoderInfo, bytes: ArrayBuffer): Promise<void>;
  load(name: string): Promise<ArrayBuffer | null>;
  list(): Promise<EncoderInfo[]>;
  remove(name: string): Promise<void>;
}

interface Record_ {
  name: string;
  info: EncoderInfo;
  bytes: ArrayBuffer;
}

const DB = 'supermoe-studio';
const STORE = 'encoders';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('This browser has no IndexedDB: saved encoders are not available (download the file instead).'));
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'name' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB did not open'));
  });
}

/** A write the browser refused because the site's storage quota is full. */
export class QuotaError extends Error {
  constructor(what: string) {
    super(
      `The browser's storage for this site is full (quota exceeded), so ${what} was not saved. ` +
        'Delete saved encoders you no longer need (under “Saved encoders”) or free space in the browser\'s site settings; training goes on, and nothing else was lost.',
    );
    this.name = 'QuotaError';
  }
}

function isQuota(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

/** One request; it resolves when its transaction has committed (a write over the quota fails at the commit, not at the request). */
async function run<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = body(tx.objectStore(STORE));
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
      tx.oncomplete = () => resolve(req.result);
      tx.onabort = () => reject(tx.error ?? req.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const indexedDbEncoders: EncoderStore = {
  async save(info, bytes) {
    try {
      await run('readwrite', (s) => s.put({ name: info.name, info, bytes } satisfies Record_));
    } catch (e) {
      throw isQuota(e) ? new QuotaError(`the encoder “${info.name}” (${(bytes.byteLength / 2 ** 20).toFixed(1)} MiB)`) : e;
    }
  },
  async load(name) {
    const r = (await run('readonly', (s) => s.get(name))) as Record_ | undefined;
    return r?.bytes ?? null;
  },
  async list() {
    const all = (await run('readonly', (s) => s.getAll())) as Record_[];
    return all.map((r) => r.info).sort((a, b) => b.created.localeCompare(a.created));
  },
  async remove(name) {
    await run('readwrite', (s) => s.delete(name));
  },
};

/** Checks an uploaded file and stores it; returns what it holds. */
export async function importEncoder(store: EncoderStore, bytes: ArrayBuffer): Promise<EncoderInfo> {
  const { info } = decodeEncoderFile(bytes);
  await store.save(info, bytes);
  return info;
}
