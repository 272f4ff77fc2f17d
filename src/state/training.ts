/**
 * Supernet training in the page: the settings (an input), and the run's status, curves and results
 * as the worker reports them. A second vanilla store beside the app store, with actions as plain
 * functions. The worker is reached through lanes (clients) over one Worker, each latest-job-wins
 * (src/workers/tfClient.ts): the run and the predictor here (the `train` lane), the other jobs in
 * laneQueries.ts (re-exported).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { DEFAULT_TRAIN, getSpace, validateTrainConfig, type Predictor, type TrainConfig, type TrainHistory } from '../core';
import type { LaneName, TfLanes, TrainClient } from '../workers/client';
import type { BackendChoice, CheckpointInfo, DatasetInfo, Progress, Resumed, SupernetAccuracy, TrainOutcome } from '../workers/protocol';
import { runLatest } from './lane';
import { refreshCheckpoint } from './laneQueries';

export { benchTraining, clearCheckpoint, evaluateSubnet, exportSubnet, loadCifar, refreshCheckpoint } from './laneQueries';

export type TrainStatus = 'idle' | 'starting' | 'running' | 'pausing' | 'paused' | 'done' | 'cancelled' | 'error';

/** `key` names the subnet; `checkpointStep` the stored supernet it was asked of. */
export type AccuracyState =
  | { readonly key: string; readonly checkpointStep: number | null; readonly state: 'pending' }
  | { readonly key: string; readonly checkpointStep: number | null; readonly state: 'ready'; readonly result: SupernetAccuracy }
  | { readonly key: string; readonly checkpointStep: number | null; readonly state: 'error'; readonly message: string };

export type PredictorState =
  | { readonly state: 'none' }
  | { readonly state: 'fitting'; readonly done: number; readonly total: number }
  | { readonly state: 'ready'; readonly predictor: Predictor }
  | { readonly state: 'error'; readonly message: string };

export interface TrainingState {
  /** the settings of the next run (validated) */
  readonly config: TrainConfig;
  readonly backendChoice: BackendChoice;
  readonly status: TrainStatus;
  /** why the run stopped, or what went wrong */
  readonly message: string | null;
  readonly history: TrainHistory;
  readonly step: number;
  readonly steps: number;
  readonly imagesPerSec: number | null;
  /** seconds left, from the first completed step on */
  readonly etaSec: number | null;
  /** the run is evaluating the largest and smallest subnets (periodically, or after its last step) */
  readonly evaluating: boolean;
  /** where the current run's supernet came from (null: a new run) */
  readonly resumed: Resumed;
  readonly checkpoint: CheckpointInfo | null;
  readonly cifar: DatasetInfo | null;
  readonly cifarError: string | null;
  readonly accuracy: AccuracyState | null;
  readonly predictor: PredictorState;
  readonly exportError: string | null;
  /** how a new run starts: a new supernet, or the shipped one's weights (fine-tuning, a fresh optimiser) */
  readonly init: 'scratch' | 'shipped';
}

/** No steps, no evaluations: a new run's history. */
export const EMPTY_HISTORY: TrainHistory = { steps: [], evals: [] };

export function initialTraining(): TrainingState {
  return {
    config: DEFAULT_TRAIN,
    backendChoice: 'auto',
    status: 'idle',
    message: null,
    history: EMPTY_HISTORY,
    step: 0,
    steps: DEFAULT_TRAIN.steps,
    imagesPerSec: null,
    etaSec: null,
    evaluating: false,
    resumed: null,
    checkpoint: null,
    cifar: null,
    cifarError: null,
    accuracy: null,
    predictor: { state: 'none' },
    exportError: null,
    init: 'scratch',
  };
}

export const trainingStore = createStore<TrainingState>()(initialTraining);

export function useTraining<T>(selector: (s: TrainingState) => T): T {
  return useStore(trainingStore, selector);
}

let lanes: TfLanes | null = null;

/** Connects the actions to the worker (call `refreshCheckpoint` once its backend is up). */
export function connectTraining(l: TfLanes): void {
  lanes = l;
}

const set = (patch: Partial<TrainingState>): void => trainingStore.setState(patch);
const get = (): TrainingState => trainingStore.getState();
/** A lane of the TF.js worker (throws when none is connected: the caller's `runLatest` reports it). */
export const lane = (name: LaneName): TrainClient => {
  if (!lanes) throw new Error('training: the worker is not connected');
  return lanes[name];
};

/** Whether the space can be trained here, and on which dataset by default. */
export function trainableDataset(spaceId: string): string | null {
  const ds = getSpace(spaceId).dataset;
  return ds === 'fashion-mnist' || ds === 'mnist' || ds === 'cifar10' ? ds : null;
}

/** Follows the selected space: the settings train that space, on its dataset. */
export function followSpace(spaceId: string): void {
  const dataset = trainableDataset(spaceId);
  const { config } = get();
  if (config.space === spaceId) return;
  const keepDataset = dataset !== null && (dataset === 'cifar10') === (config.dataset === 'cifar10');
  set({ config: { ...config, space: spaceId, dataset: keepDataset ? config.dataset : (dataset ?? config.dataset) }, accuracy: null });
}

/**
 * Changes one or more settings. An invalid value is refused with messages naming each field; the
 * settings stay as they were.
 */
export function setTrainConfig(patch: Partial<TrainConfig>): readonly string[] {
  const v = validateTrainConfig(patch, get().config);
  if (!v.ok) return v.errors;
  set({ config: v.value });
  return [];
}

const onProgress = (p: Progress): void => {
  const s = get();
  switch (p.kind) {
    case 'start':
      set({
        status: 'running',
        history: p.history,
        step: p.step,
        steps: p.steps,
        imagesPerSec: null,
        etaSec: null,
        evaluating: false,
        resumed: p.resumed,
        message: null,
      });
      return;
    case 'evaluating':
      set({ evaluating: true });
      return;
    case 'step':
      set({
        history: { steps: [...s.history.steps, p.log], evals: s.history.evals },
        step: p.log.step + 1,
        steps: p.steps,
        imagesPerSec: p.imagesPerSec,
        etaSec: p.etaSec,
      });
      return;
    case 'eval':
      set({ history: { steps: s.history.steps, evals: [...s.history.evals, p.eval] }, evaluating: false });
      return;
    case 'checkpoint':
      void refreshCheckpoint();
      return;
    case 'sample':
      set({ predictor: { state: 'fitting', done: p.done, total: p.total } });
      return;
  }
};

const outcomeText = (o: TrainOutcome): string =>
  o.reason === 'done'
    ? `Trained ${o.step} steps.`
    : o.reason === 'paused'
      ? `Paused at step ${o.step}; the checkpoint is saved.`
      : `Cancelled at step ${o.step}.${o.checkpointStep !== null ? ` The checkpoint of step ${o.checkpointStep} is kept.` : ''}`;

/** Starts a new run, or resumes the stored checkpoint (`resume`). */
export async function startTraining(resume: boolean): Promise<void> {
  const { config } = get();
  if (trainableDataset(config.space) === null) {
    set({ status: 'error', message: `training: space "${config.space}" is estimate-only; pick mini or mini-cifar` });
    return;
  }
  if (config.dataset === 'cifar10' && !get().cifar) {
    set({ status: 'error', message: 'training: pick the CIFAR-10 binary batches first' });
    return;
  }
  set({
    status: 'starting',
    message: null,
    accuracy: null,
    evaluating: false,
    etaSec: null,
    imagesPerSec: null,
    resumed: null,
    ...(resume ? {} : { history: EMPTY_HISTORY, step: 0, steps: config.steps }),
  });
  const init = !resume && get().init === 'shipped' ? { init: 'shipped' as const } : {};
  const outcome = await runLatest(() => lane('train').run({ type: 'train', config, resume, ...init }, onProgress), {
    onError: (m) =>
      set({
        status: 'error',
        evaluating: false,
        message: `${m}${get().checkpoint && !m.includes('checkpoint') ? ' — the last checkpoint is kept; resume from it.' : ''}`,
      }),
  });
  if (outcome) set({ status: outcome.reason, message: outcomeText(outcome), etaSec: null, evaluating: false });
  void refreshCheckpoint();
}

/** Stops the run after its current step and writes a checkpoint. */
export function pauseTraining(): void {
  if (get().status !== 'running') return;
  set({ status: 'pausing' });
  lane('train').pause();
}

export function cancelTraining(): void {
  const st = get().status;
  if (st !== 'running' && st !== 'pausing' && st !== 'starting') return;
  lane('train').cancel();
  set({ status: 'cancelled', message: `Cancelled at step ${get().step}.`, etaSec: null, evaluating: false });
}

export async function fitPredictor(samples: number, seed = 1): Promise<void> {
  set({ predictor: { state: 'fitting', done: 0, total: samples } });
  const predictor = await runLatest(() => lane('train').run({ type: 'fitPredictor', samples, seed }, onProgress), {
    onSuperseded: () => set({ predictor: { state: 'none' } }),
    onError: (message) => set({ predictor: { state: 'error', message } }),
  });
  if (predictor) set({ predictor: { state: 'ready', predictor } });
}

/** Records the backend the user chose (the training panel shows it); `chooseBackend` in backend.ts starts it in the worker. */
export function setBackendChoice(choice: BackendChoice): void {
  set({ backendChoice: choice });
}

/** How the next new run starts: from scratch, or fine-tuning the shipped supernet. */
export function setTrainInit(init: 'scratch' | 'shipped'): void {
  set({ init });
}
