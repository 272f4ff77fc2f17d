import { beforeEach, describe, expect, it } from 'vitest';
import type { StepLog } from '../core';
import type { TfLanes, WorkerClient } from '../workers/client';
import type { JobResult, Progress } from '../workers/protocol';
import { connectTraining, initialTraining, pauseTraining, setTrainConfig, startTraining, trainingStore } from './training';
import { selectProgress } from './trainingProgress';

/** A worker stand-in: the test posts the train job's progress and settles it by hand. */
function fakeLanes() {
  const jobs: { request: { type: string }; progress: ((p: Progress) => void) | undefined; resolve(v: unknown): void }[] = [];
  let paused = 0;
  const client: WorkerClient = {
    run: ((request: { type: string }, progress?: (p: Progress) => void) =>
      new Promise<unknown>((resolve) => {
        if (request.type === 'checkpointInfo') return resolve(null);
        jobs.push({ request, progress, resolve });
      })) as unknown as WorkerClient['run'],
    cancel: () => undefined,
    pause: () => void (paused += 1),
    busy: () => jobs.length > 0,
    dispose: () => undefined,
  };
  const lanes = { control: client, train: client, query: client, export: client, store: client, data: client } as TfLanes;
  return { lanes, jobs, paused: () => paused };
}

const log = (step: number): StepLog => ({ step, phase: 1, lr: 1e-3, roles: ['largest', 'smallest'], losses: [2.3, 2.3] });
const view = () => selectProgress(trainingStore.getState());

beforeEach(() => trainingStore.setState(initialTraining(), true));

describe('training progress line', () => {
  it('follows an edit of the steps at once, before Train is pressed', () => {
    expect(view()).toMatchObject({ step: 0, steps: 600, of: 'run', activity: 'idle' });
    expect(setTrainConfig({ steps: 6 })).toEqual([]);
    expect(view()).toMatchObject({ step: 0, steps: 6, of: 'settings', activity: 'idle', etaSec: null });
    // a refused value changes nothing
    expect(setTrainConfig({ steps: 0 })).toEqual(['train.steps: must be 1–1000000']);
    expect(view()).toMatchObject({ step: 0, steps: 6 });
  });

  it("a stopped run shows its own numbers until the steps are edited; then the next run's", () => {
    trainingStore.setState({ status: 'paused', step: 3, steps: 600 });
    expect(view()).toMatchObject({ step: 3, steps: 600, of: 'run', activity: 'idle' });
    setTrainConfig({ steps: 10 });
    expect(view()).toMatchObject({ step: 0, steps: 10, of: 'settings' });
    setTrainConfig({ steps: 600 });
    expect(view()).toMatchObject({ step: 3, steps: 600, of: 'run' });
  });

  it('shows the time left from the first step, "evaluating" during evaluations, and no countdown in the final one', async () => {
    const w = fakeLanes();
    connectTraining(w.lanes);
    setTrainConfig({ steps: 4, evalEvery: 2 });
    const run = startTraining(false);
    expect(view()).toMatchObject({ step: 0, steps: 4, activity: 'starting', etaSec: null });
    const job = w.jobs.find((j) => j.request.type === 'train');
    const post = (p: Progress): void => job?.progress?.(p);
    post({ kind: 'start', step: 0, steps: 4, history: { steps: [], evals: [] }, backend: 'cpu', resumed: null });
    expect(view()).toMatchObject({ activity: 'training', etaSec: null });
    post({ kind: 'step', log: log(0), steps: 4, stepMs: 2000, imagesPerSec: 32, etaSec: 6 });
    expect(view()).toMatchObject({ step: 1, steps: 4, activity: 'training', etaSec: 6, imagesPerSec: 32 });
    post({ kind: 'step', log: log(1), steps: 4, stepMs: 1000, imagesPerSec: 64, etaSec: 2.5 });
    post({ kind: 'evaluating', step: 2, final: false });
    expect(trainingStore.getState().evaluating).toBe(true);
    expect(view()).toMatchObject({ step: 2, activity: 'evaluating', etaSec: 2.5 });
    post({ kind: 'eval', eval: { step: 2, largest: 0.5, smallest: 0.4 } });
    expect(view()).toMatchObject({ activity: 'training' });
    post({ kind: 'step', log: log(2), steps: 4, stepMs: 1000, imagesPerSec: 64, etaSec: 1.5 });
    post({ kind: 'step', log: log(3), steps: 4, stepMs: 1000, imagesPerSec: 64, etaSec: 0.5 });
    post({ kind: 'evaluating', step: 4, final: true });
    // not "0 s left" while the last evaluation runs
    expect(view()).toMatchObject({ step: 4, activity: 'final-evaluation', etaSec: null });
    post({ kind: 'eval', eval: { step: 4, largest: 0.6, smallest: 0.5 } });
    job?.resolve({ reason: 'done', step: 4, checkpointStep: 4 } satisfies JobResult['train']);
    await run;
    expect(trainingStore.getState()).toMatchObject({ status: 'done', evaluating: false, etaSec: null });
    expect(view()).toMatchObject({ step: 4, steps: 4, activity: 'idle', etaSec: null });
  });

  it('records where a resumed run came from', async () => {
    const w = fakeLanes();
    connectTraining(w.lanes);
    trainingStore.setState({ status: 'paused', step: 2, steps: 600, history: { steps: [log(0), log(1)], evals: [] } });
    const run = startTraining(true);
    const job = w.jobs.find((j) => j.request.type === 'train');
    expect(job?.request).toMatchObject({ type: 'train', resume: true });
    job?.progress?.({
      kind: 'start',
      step: 2,
      steps: 600,
      history: { steps: [log(0), log(1)], evals: [] },
      backend: 'cpu',
      resumed: 'memory',
    });
    expect(trainingStore.getState()).toMatchObject({ status: 'running', resumed: 'memory', step: 2 });
    pauseTraining();
    expect(w.paused()).toBe(1);
    job?.resolve({ reason: 'paused', step: 2, checkpointStep: 2 } satisfies JobResult['train']);
    await run;
    expect(trainingStore.getState().status).toBe('paused');
  });
});
