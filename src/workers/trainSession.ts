/**
 * The training worker's state and jobs: one supernet (a `Trainer`), the loaded datasets and the
 * checkpoint store. Plain async functions over an injected environment, so Node tests run them on
 * the CPU backend without a Worker. Training steps and queries (evaluate, predictor, export) take
 * turns through one lock, so a query waits at most one training step; a run that starts waits for no
 * query (a supernet-accuracy measurement gives way at its next batch). Resuming the checkpoint that
 * the supernet in memory already is takes no reading and no rebuilding. The state and the lock are
 * in sessionState.ts, a training run in trainRun.ts; the queries are here.
 */
import { createRng, fitAndValidate, getSpace, sampleGenome, type Genome, type Predictor, type TrainConfig } from '../core';
import { benchTraining } from '../train/bench';
import { cifarFilesProblem, cifarSplitsProblem } from '../train/cifarSplits';
import { parseCifarBatches } from '../train/data';
import { exportFiles } from '../train/export';
import type { Trainer } from '../train/trainer';
import { checkpointInfo } from './checkpointStore';
import type { JobControl } from './jobServer';
import type { CheckpointInfo, DatasetInfo, ExportedModel, PickedFile, SupernetAccuracy, TrainBench, TrainOutcome } from './protocol';
import {
  createState,
  datasetOf,
  exclusive,
  giveWay,
  loadStored,
  replace,
  sameSpace,
  withSupernet,
  type SessionEnv,
  type SessionState,
} from './sessionState';
import { trainRun } from './trainRun';

export type { JobControl, SessionEnv };

export interface Session {
  loadCifar(files: readonly PickedFile[]): Promise<DatasetInfo>;
  train(config: TrainConfig, resume: boolean, job: JobControl, init?: 'shipped'): Promise<TrainOutcome>;
  evaluate(genome: Genome): Promise<SupernetAccuracy>;
  fitPredictor(samples: number, seed: number, job: JobControl): Promise<Predictor>;
  exportSubnet(genome: Genome): Promise<ExportedModel>;
  checkpointInfo(): Promise<CheckpointInfo | null>;
  clearCheckpoint(): Promise<null>;
  /** training throughput of the largest and smallest `mini` subnets on this backend */
  benchTrain(batch: number, steps: number): Promise<TrainBench>;
  /** drops the in-memory supernet (e.g. when the backend changes); the checkpoint stays */
  reset(): void;
  /**
   * The backend failed under the supernet (a lost GPU device): a running job stops before its next
   * step with `message`, and the supernet is rebuilt from the checkpoint by the next job.
   */
  fail(message: string): void;
}

/** Validates and parses the picked CIFAR-10 batches; the dataset is kept for `cifar10` training. */
async function loadCifar(s: SessionState, files: readonly PickedFile[]): Promise<DatasetInfo> {
  const tooMuch = cifarFilesProblem(files.map((f) => ({ name: f.name, bytes: f.file.size })));
  if (tooMuch) throw new Error(tooMuch);
  const parsed = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
  const ds = parseCifarBatches(parsed);
  const empty = cifarSplitsProblem(
    ds,
    files.map((f) => f.name),
  );
  if (empty) throw new Error(empty);
  s.datasets.set('cifar10', ds);
  return {
    name: ds.name,
    label: ds.label,
    train: ds.train.count,
    val: ds.val.count,
    test: ds.test.count,
    shape: [ds.height, ds.width, ds.channels],
  };
}

/** The supernet accuracy of one subnet on the validation split (a query: gives way to a run at its next batch). */
function evaluate(s: SessionState, genome: Genome): Promise<SupernetAccuracy> {
  return withSupernet(s, async (t) => {
    sameSpace(t, genome);
    const accuracy = await t.evaluate(genome, 'val', () => giveWay(s));
    const images = t.config.evalImages > 0 ? Math.min(t.config.evalImages, t.dataset.val.count) : t.dataset.val.count;
    return { genome, accuracy, split: 'val' as const, images, step: t.step };
  });
}

/** Evaluates `samples` random subnets, one per turn of the lock (a run can go on in between), and fits the predictor. */
async function fitPredictor(s: SessionState, samples: number, seed: number, job: JobControl): Promise<Predictor> {
  const space = await withSupernet(s, async (t) => t.space);
  const rng = createRng(seed);
  const pairs: { genome: Genome; accuracy: number }[] = [];
  let first: Trainer | null = null;
  for (let i = 0; i < samples; i++) {
    if (job.cancelled()) throw new Error('predictor: cancelled');
    const genome = sampleGenome(space, rng);
    const accuracy = await withSupernet(s, async (t) => {
      first ??= t;
      if (t !== first) throw new Error('predictor: the supernet changed during the fit (a run trained or resumed); fit again');
      return t.evaluate(genome);
    });
    pairs.push({ genome, accuracy });
    job.post({ kind: 'sample', done: i + 1, total: samples });
    await s.env.yieldToEvents();
  }
  return fitAndValidate(space, pairs, createRng(seed + 1));
}

function exportSubnet(s: SessionState, genome: Genome): Promise<ExportedModel> {
  return withSupernet(s, async (t) => {
    sameSpace(t, genome);
    const files = exportFiles(await t.exportSubnet(genome));
    return { modelJson: files['model.json'], weights: files['weights.bin'] };
  });
}

async function readCheckpointInfo(s: SessionState): Promise<CheckpointInfo | null> {
  // known since this worker last wrote or read it: no need to read the variables again
  if (s.stored) return s.stored.info;
  const c = await loadStored(s);
  return c ? checkpointInfo(c) : null;
}

async function clearCheckpoint(s: SessionState): Promise<null> {
  if (s.running) throw new Error('checkpoint: stop the training run first');
  await s.env.store.clear();
  s.stored = null;
  await exclusive(s, async () => replace(s, null));
  return null;
}

export function createSession(env: SessionEnv): Session {
  const s = createState(env);
  return {
    loadCifar: (files) => loadCifar(s, files),
    train: (config, resume, job, init) => trainRun(s, config, resume, job, init),
    evaluate: (genome) => evaluate(s, genome),
    fitPredictor: (samples, seed, job) => fitPredictor(s, samples, seed, job),
    exportSubnet: (genome) => exportSubnet(s, genome),
    checkpointInfo: () => readCheckpointInfo(s),
    clearCheckpoint: () => clearCheckpoint(s),
    async benchTrain(batch, steps) {
      const ds = await datasetOf(s, 'fashion-mnist');
      return exclusive(s, () => benchTraining(getSpace('mini'), ds, batch, steps));
    },
    fail(message) {
      if (s.running) s.failure = message;
      else s.trainer = null; // nothing to stop; the next query reloads the checkpoint
    },
    reset() {
      if (s.running) return;
      void exclusive(s, async () => replace(s, null));
    },
  };
}
