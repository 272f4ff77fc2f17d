/**
 * The training store's jobs on the TF.js worker's other lanes, each latest-job-wins and none of them
 * a training run: the stored checkpoint (`store`: its info, deleting it), the picked CIFAR-10 files
 * (`data`), a subnet's supernet accuracy and the bench (`query`), a subnet's export (`export`).
 * Re-exported by training.ts, which holds the store and the run itself.
 */
import { genomeKey, getSpace, type Genome } from '../core';
import type { ExportedModel, TrainBench } from '../workers/protocol';
import { runLatest } from './lane';
import { EMPTY_HISTORY, lane, trainingStore, type TrainingState } from './training';

const set = (patch: Partial<TrainingState>): void => trainingStore.setState(patch);
const get = (): TrainingState => trainingStore.getState();

/** Reads what the worker's checkpoint store holds; after a reload, shows the stored run. */
export async function refreshCheckpoint(): Promise<void> {
  const info = await runLatest(() => lane('store').run({ type: 'checkpointInfo' }), {
    // a stored checkpoint the worker refuses (malformed): say why, with the field it names
    onError: (message) => set({ checkpoint: null, ...(get().status === 'idle' ? { message } : {}) }),
  });
  if (info === undefined) return;
  const s = get();
  // after a reload: show the stored run's curves and offer to resume it (the settings stay the
  // link's; a resume with other settings is refused with the fields that differ)
  const fresh = s.status === 'idle' && s.history.steps.length === 0 && info !== null && info.space === s.config.space;
  set({
    checkpoint: info,
    ...(fresh
      ? {
          history: info.history,
          step: info.step,
          steps: info.steps,
          status: info.step >= info.steps ? 'done' : 'paused',
          message: `A checkpoint of step ${info.step} (${info.space}, ${info.dataset}) is stored${info.step < info.steps ? '; resume it or start a new run' : ''}.`,
        }
      : {}),
  });
}

export async function clearCheckpoint(): Promise<void> {
  const cleared = await runLatest(() => lane('store').run({ type: 'clearCheckpoint' }), { onError: (message) => set({ message }) });
  if (cleared === undefined) return;
  set({
    checkpoint: null,
    history: EMPTY_HISTORY,
    step: 0,
    status: 'idle',
    message: 'Checkpoint deleted.',
    accuracy: null,
    predictor: { state: 'none' },
  });
}

/** Validates and loads the picked CIFAR-10 batches in the worker. */
export async function loadCifar(files: readonly File[]): Promise<void> {
  set({ cifarError: null });
  const info = await runLatest(() => lane('data').run({ type: 'loadCifar', files: files.map((f) => ({ name: f.name, file: f })) }), {
    onError: (cifarError) => set({ cifarError }),
  });
  if (info) set({ cifar: info, config: { ...get().config, dataset: 'cifar10' } });
}

/** Supernet accuracy of a subnet (after BN recalibration); the latest request wins. */
export async function evaluateSubnet(space: string, genome: Genome): Promise<void> {
  const key = genomeKey(getSpace(space), genome);
  const checkpointStep = get().checkpoint?.step ?? null;
  set({ accuracy: { key, checkpointStep, state: 'pending' } });
  // superseded: a newer request owns the figure now
  const result = await runLatest(() => lane('query').run({ type: 'evaluate', genome }), {
    onError: (message) => set({ accuracy: { key, checkpointStep, state: 'error', message } }),
  });
  if (result) set({ accuracy: { key, checkpointStep, state: 'ready', result } });
}

/** Exports a subnet as a TF.js graph model; resolves to its two files. */
export async function exportSubnet(genome: Genome): Promise<ExportedModel | null> {
  set({ exportError: null });
  const files = await runLatest(() => lane('export').run({ type: 'exportSubnet', genome }), {
    onError: (exportError) => set({ exportError }),
  });
  return files ?? null;
}

/** Times training steps on `backend` (the browser half of `npm run bench`); switches the backend first. */
export async function benchTraining(batch: number, steps: number): Promise<TrainBench> {
  return lane('query').run({ type: 'benchTrain', batch, steps });
}
