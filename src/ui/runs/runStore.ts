// The run history in the browser's IndexedDB: one record per run, written whole in one
// transaction, so a failed write (storage full) leaves every stored record as it was.
// Its own database, apart from the worker's saved encoders.
import type { RunRecord } from './runRecord';

export interface RunStore {
  /** Newest first. */
  list(): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord | null>;
  /** Adds or replaces; throws StorageFullError when the browser's quota is reached. */
  put(record: RunRecord): Promise<void>;
  remove(id: string): Promise<void>;
  rename(id: string, name: string): Promise<RunRecord>;
}

/** The browser refused a write for lack of room: nothing was written, nothing else was lost. */
export class StorageFullError extends Error {
  constructor(runName: string) {
    super(`Browser storage is full: run “${runName}” was not saved (its earlier saves and every other run are kept). Delete old runs from the history to make room.`);
    this.name = 'StorageFullError';
  }
}

export const RUNS_DB = 'supermoe-studio-runs';
const STORE = 'runs';

function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Resolves once the transaction has committed; rejects with its error when it aborts. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** The history in `factory`'s database `name` (tests pass fake-indexeddb's). */
export function indexedDbRunStore(factory: IDBFactory | undefined = globalThis.indexedDB, name = RUNS_DB): RunStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    if (!factory) return Promise.reject(new Error('This browser has no IndexedDB: runs are not kept after the page closes.'));
    db ??= new Promise((resolve, reject) => {
      const req = factory.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => {
        const d = req.result;
        // Another tab upgrading the database: let it, and reopen on the next call.
        d.onversionchange = () => {
          d.close();
          db = null;
        };
        resolve(d);
      };
      req.onerror = () => {
        db = null;
        reject(req.error ?? new Error('IndexedDB did not open'));
      };
    });
    return db;
  };
  const read = async <T>(body: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => request(body((await open()).transaction(STORE, 'readonly').objectStore(STORE)));
  const write = async (runName: string, body: (s: IDBObjectStore) => void): Promise<void> => {
    try {
      const tx = (await open()).transaction(STORE, 'readwrite');
      const done = committed(tx);
      body(tx.objectStore(STORE));
      await done;
    } catch (e) {
      throw isQuotaError(e) ? new StorageFullError(runName) : e;
    }
  };

  const get = async (id: string) => ((await read((s) => s.get(id))) as RunRecord | undefined) ?? null;
  return {
    async list() {
      const all = (await read((s) => s.getAll())) as RunRecord[];
      return all.sort((a, b) => b.created.localeCompare(a.created));
    },
    get,
    put: (record) => write(record.name, (s) => s.put(record)),
    remove: (id) => write(id, (s) => s.delete(id)),
    async rename(id, newName) {
      const name = newName.trim();
      if (!name) throw new Error('A run’s name cannot be empty: type a name, or press Escape to keep the old one.');
      const r = await get(id);
      if (!r) throw new Error('That run is no longer in the history (deleted in another tab?).');
      const renamed = { ...r, name };
      await write(name, (s) => s.put(renamed));
      return renamed;
    },
  };
}
