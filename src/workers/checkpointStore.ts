/**
 * Where the training worker keeps the supernet checkpoint: IndexedDB in the browser
 * (indexedDbStore.ts), memory in tests. One slot: the current run.
 */
import type { Checkpoint } from '../train/trainer';

export interface CheckpointStore {
  load(): Promise<Checkpoint | null>;
  save(c: Checkpoint): Promise<void>;
  clear(): Promise<void>;
}

export function memoryStore(): CheckpointStore {
  let slot: Checkpoint | null = null;
  return {
    load: async () => slot,
    save: async (c) => {
      slot = structuredClone(c);
    },
    clear: async () => {
      slot = null;
    },
  };
}
