/**
 * The training worker's state and jobs: one supernet (a `Trainer`), the loaded datasets and the
 * checkpoint store. Plain async functions over an injected environment, so Node tests run them on
 * the CPU backend without a Worker. Training steps and queries (evaluate, predictor, export) take
 * turns through one lock, so a query waits at most one training step.
 */
import { createRng, fitAndValidate, getSpace, hasSpace, sampleGenome, validateGenome, type Genome, type TrainConfig } from '../core';
import { loadPreparedDataset, parseCifarBatches, type Dataset, type ReadFile } from '../train/data';
import { exportFiles } from '../train/export';
import { checkpointProblem, createTrainer, type Checkpoint, type Trainer } from '../train/trainer';
import type { CheckpointStore } from './checkpointStore';
import type { BackendName, CheckpointInfo, DatasetInfo, ExportedModel, PickedFile, Progress, SupernetAccuracy, TrainBench, TrainOutcome } from './protocol';
import { benchTraining } from '../train/bench';
import type { Predictor } from '../core';

export interface SessionEnv {
  /** reads the prepared datasets' files (fetch in the browser, the disk in tests) */
  readonly readData: ReadFile;
  readonly store: CheckpointStore;
  readonly now: () => number;
  /** lets queued messages (pause, cancel, queries) in between steps */
  readonly yieldToEvents: () => Promise<void>;
  readonly backend: () => BackendName;
}

/** What a long job may ask of the handler between steps. */
export interface JobControl {
  readonly post: (p: Progress) => void;
  readonly cancelled: () => boolean;
  readonly paused: () => boolean;
}

const bytesOf = (c: Checkpoint): number =>
  c.variables.reduce((a, v) => a + v.data.byteLength, 0) + c.optimizer.slots.reduce((a, v) => a + v.data.byteLength, 0);

export function checkpointInfo(c: Checkpoint): CheckpointInfo {
  return { space: c.space, dataset: c.dataset, step: c.step, steps: c.config.steps, configHash: c.configHash, config: c.config, history: c.history, bytes: bytesOf(c) };
}

export interface Session {
  loadCifar(files: readonly PickedFile[]): Promise<DatasetInfo>;
  train(config: TrainConfig, resume: boolean, job: JobControl): Promise<TrainOutcome>;
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

export function createSession(env: SessionEnv): Session {
  const datasets = new Map<string, Dataset>();
  let trainer: Trainer | null = null;
  let training = false;
  let lock: Promise<unknown> = Promise.resolve();
  let failure: string | null = null;

  /** runs `f` when the previous holder is done */
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const run = lock.then(f, f);
    lock = run.catch(() => undefined);
    return run;
  };

  const dataset = async (name: string): Promise<Dataset> => {
    const cached = datasets.get(name);
    if (cached) return cached;
    if (name === 'cifar10') throw new Error('dataset: CIFAR-10 is not embedded; pick its binary batches (data_batch_*.bin) first');
    if (name !== 'fashion-mnist' && name !== 'mnist') throw new Error(`dataset: unknown "${name}"`);
    const ds = await loadPreparedDataset(name, env.readData);
    datasets.set(name, ds);
    return ds;
  };

  /** The supernet to query: the one in memory, else the stored checkpoint's. */
  const supernet = async (): Promise<Trainer> => {
    if (trainer) return trainer;
    const c = await env.store.load();
    if (!c) throw new Error('supernet: not trained yet; train it first (Training panel)');
    if (!hasSpace(c.space)) throw new Error(`checkpoint: unknown space "${c.space}"`);
    trainer = createTrainer(getSpace(c.space), await dataset(c.dataset), c.config, c);
    return trainer;
  };

  const sameSpace = (t: Trainer, g: Genome): void => {
    if (g.space !== t.space.id) throw new Error(`genome: the supernet is trained on space "${t.space.id}", this subnet is of "${g.space}"`);
    const v = validateGenome(t.space, g);
    if (!v.ok) throw new Error(`genome: ${v.errors.join('; ')}`);
  };

  return {
    async loadCifar(files) {
      const parsed = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
      const ds = parseCifarBatches(parsed);
      datasets.set('cifar10', ds);
      return { name: ds.name, label: ds.label, train: ds.train.count, val: ds.val.count, test: ds.test.count, shape: [ds.height, ds.width, ds.channels] };
    },

    async train(config, resume, job) {
      if (training) throw new Error('training: a run is already in progress');
      training = true;
      failure = null;
      try {
        const space = getSpace(config.space);
        const ds = await dataset(config.dataset);
        let from: Checkpoint | null = null;
        if (resume) {
          from = await env.store.load();
          if (!from) throw new Error('checkpoint: there is none to resume; start a new run');
          const problem = checkpointProblem(from, space, config);
          if (problem) throw new Error(problem);
        }
        trainer?.dispose();
        trainer = null;
        const t = createTrainer(space, ds, config, from ?? undefined);
        trainer = t;
        let saved: number | null = from ? from.step : null;
        const save = async (): Promise<void> => {
          await env.store.save(await t.checkpoint());
          saved = t.step;
          job.post({ kind: 'checkpoint', step: t.step });
        };
        // a new run's first checkpoint replaces the stored one; until then that one can still be resumed
        job.post({ kind: 'start', step: t.step, steps: config.steps, history: t.history, backend: env.backend() });
        const times: number[] = [];
        let first = true;
        while (t.step < config.steps) {
          if (failure !== null) {
            const why = failure;
            failure = null;
            trainer = null; // its tensors lived on the failed device
            throw new Error(`${why}: training stopped at step ${t.step}${saved !== null ? `; the checkpoint of step ${saved} is kept, resume from it` : ''}`);
          }
          if (job.cancelled()) return { reason: 'cancelled', step: t.step, checkpointStep: saved };
          if (job.paused()) {
            if (saved !== t.step) await exclusive(save);
            return { reason: 'paused', step: t.step, checkpointStep: saved };
          }
          const t0 = env.now();
          const log = await exclusive(() => t.trainStep());
          const ms = env.now() - t0;
          // the first step of a job compiles kernels (WebGPU/WebGL shaders): not a fair timing
          if (!first) times.push(ms);
          first = false;
          if (times.length > 20) times.shift();
          const avg = times.length ? times.reduce((a, b) => a + b, 0) / times.length : null;
          job.post({
            kind: 'step', log, steps: config.steps, stepMs: ms,
            imagesPerSec: avg ? (config.batch * 1000) / avg : null,
            etaSec: avg ? ((config.steps - t.step) * avg) / 1000 : null,
          });
          const done = t.step >= config.steps;
          if ((config.evalEvery > 0 && t.step % config.evalEvery === 0) || done) {
            job.post({ kind: 'eval', eval: await exclusive(() => t.evaluateExtremes()) });
          }
          if (t.step % config.checkpointEvery === 0 || done) await exclusive(save);
          await env.yieldToEvents();
        }
        if (saved !== t.step) await exclusive(save);
        return { reason: 'done', step: t.step, checkpointStep: saved };
      } finally {
        training = false;
      }
    },

    async evaluate(genome) {
      const t = await supernet();
      sameSpace(t, genome);
      const accuracy = await exclusive(() => t.evaluate(genome));
      const images = t.config.evalImages > 0 ? Math.min(t.config.evalImages, t.dataset.val.count) : t.dataset.val.count;
      return { genome, accuracy, split: 'val', images, step: t.step };
    },

    async fitPredictor(samples, seed, job) {
      const t = await supernet();
      const rng = createRng(seed);
      const pairs: { genome: Genome; accuracy: number }[] = [];
      for (let i = 0; i < samples; i++) {
        if (job.cancelled()) throw new Error('predictor: cancelled');
        const genome = sampleGenome(t.space, rng);
        pairs.push({ genome, accuracy: await exclusive(() => t.evaluate(genome)) });
        job.post({ kind: 'sample', done: i + 1, total: samples });
        await env.yieldToEvents();
      }
      return fitAndValidate(t.space, pairs, createRng(seed + 1));
    },

    async exportSubnet(genome) {
      const t = await supernet();
      sameSpace(t, genome);
      const artifacts = await exclusive(() => t.exportSubnet(genome));
      const files = exportFiles(artifacts);
      return { modelJson: files['model.json'], weights: files['weights.bin'] };
    },

    async checkpointInfo() {
      const c = await env.store.load();
      return c ? checkpointInfo(c) : null;
    },

    async clearCheckpoint() {
      if (training) throw new Error('checkpoint: stop the training run first');
      await env.store.clear();
      trainer?.dispose();
      trainer = null;
      return null;
    },

    async benchTrain(batch, steps) {
      const ds = await dataset('fashion-mnist');
      return exclusive(() => benchTraining(getSpace('mini'), ds, batch, steps));
    },

    fail(message) {
      failure = message;
      if (!training) trainer = null;
    },

    reset() {
      if (training) return;
      trainer?.dispose();
      trainer = null;
    },
  };
}
