/**
 * The checkpoint store of the browser: IndexedDB, variables and optimiser state as typed arrays
 * (structured-cloned, no encoding), one slot for the current run.
 */
import type { CheckpointStore } from './checkpointStore';
import type { Checkpoint } from '../train/trainer';

const DB = 'h4h-explorer';
const STORE = 'checkpoints';
const KEY = 'supernet';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IndexedDB store. Opening fails with a clear message where IndexedDB is unavailable. */
export function indexedDbStore(factory: IDBFactory | undefined = globalThis.indexedDB): CheckpointStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    if (!factory)
      return Promise.reject(
        new Error('checkpoints: this browser has no IndexedDB (private mode?); training runs but cannot be resumed after a reload'),
      );
    db ??= new Promise((resolve, reject) => {
      const r = factory.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => {
        db = null; // a later call tries again
        reject(r.error ?? new Error('checkpoints: IndexedDB could not be opened'));
      };
    });
    return db;
  };
  const tx = async (mode: IDBTransactionMode): Promise<IDBObjectStore> => (await open()).transaction(STORE, mode).objectStore(STORE);
  return {
    async load() {
      const v = (await request((await tx('readonly')).get(KEY))) as Checkpoint | undefined;
      return v ?? null;
    },
    async save(c) {
      // resolve on commit, not on the request: a reload right after must find the checkpoint
      const t = (await open()).transaction(STORE, 'readwrite');
      t.objectStore(STORE).put(c, KEY);
      await new Promise<void>((resolve, reject) => {
        t.oncomplete = () => resolve();
        t.onerror = () => reject(t.error ?? new Error('checkpoints: IndexedDB write failed'));
        t.onabort = () => reject(t.error ?? new Error('checkpoints: IndexedDB write aborted (disk full?)'));
      });
    },
    async clear() {
      const t = (await open()).transaction(STORE, 'readwrite');
      t.objectStore(STORE).delete(KEY);
      await new Promise<void>((resolve, reject) => {
        t.oncomplete = () => resolve();
        t.onerror = () => reject(t.error ?? new Error('checkpoints: IndexedDB delete failed'));
        t.onabort = () => reject(t.error ?? new Error('checkpoints: IndexedDB delete aborted'));
      });
    },
  };
}
