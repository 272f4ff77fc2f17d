/**
 * Where the training worker keeps the supernet checkpoint: IndexedDB in the browser
 * (indexedDbStore.ts), memory in tests. One slot: the current run. Also what the session says about
 * a checkpoint, and when the supernet in memory can stand for it.
 */
import type { TrainConfig } from '../core';
import type { Checkpoint } from '../train/trainer';
import { SUPERSEDED, type CheckpointInfo } from './protocol';

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

const bytesOf = (c: Checkpoint): number =>
  c.variables.reduce((a, v) => a + v.data.byteLength, 0) + c.optimizer.slots.reduce((a, v) => a + v.data.byteLength, 0);

export function checkpointInfo(c: Checkpoint): CheckpointInfo {
  return {
    space: c.space,
    dataset: c.dataset,
    step: c.step,
    steps: c.config.steps,
    configHash: c.configHash,
    config: c.config,
    history: c.history,
    bytes: bytesOf(c),
  };
}

/** Every field of two configs equal (the trainer also uses the settings the hash leaves out). */
export const sameConfig = (a: TrainConfig, b: TrainConfig): boolean =>
  Object.keys(a).length === Object.keys(b).length && (Object.keys(a) as (keyof TrainConfig)[]).every((k) => a[k] === b[k]);

/** The error of a query that gave way to a training run (the handler tells the page it was superseded). */
export function preempted(): Error {
  const e = new Error('supernet: the measurement gave way to the training run; it is measured again when the run pauses or ends');
  e.name = SUPERSEDED;
  return e;
}
