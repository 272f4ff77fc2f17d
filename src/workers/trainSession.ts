/**
 * The training worker's state and jobs: one supernet (a `Trainer`), the loaded datasets and the
 * checkpoint store. Plain async functions over an injected environment, so Node tests run them on
 * the CPU backend without a Worker. Training steps and queries (evaluate, predictor, export) take
 * turns through one lock, so a query waits at most one training step; a run that starts waits for no
 * query (a supernet-accuracy measurement gives way at its next batch). Resuming the checkpoint that
 * the supernet in memory already is takes no reading and no rebuilding.
 */
import { createRng, fitAndValidate, getSpace, hasSpace, sampleGenome, validateGenome, type Genome, type TrainConfig } from '../core';
import { loadPreparedDataset, parseCifarBatches, type Dataset, type ReadFile } from '../train/data';
import { exportFiles } from '../train/export';
import { checkpointProblem, createTrainer, type Checkpoint, type Trainer } from '../train/trainer';
import { checkpointInfo, preempted, sameConfig, type CheckpointStore } from './checkpointStore';
import type {
  BackendName,
  CheckpointInfo,
  DatasetInfo,
  ExportedModel,
  PickedFile,
  Progress,
  Resumed,
  SupernetAccuracy,
  TrainBench,
  TrainOutcome,
} from './protocol';
import { createEta, evaluationsLeft } from './eta';
import { benchTraining } from '../train/bench';
import { decodeSupernet } from '../train/checkpointFile';
import { checkpointDefect } from '../train/checkpointCheck';
import { cifarFilesProblem, cifarSplitsProblem } from '../train/cifarSplits';
import { parseManifest, shippedFor, verified } from '../train/shipped';
import type { Predictor } from '../core';

export interface SessionEnv {
  /** reads the prepared datasets' files (fetch in the browser, the disk in tests) */
  readonly readData: ReadFile;
  readonly store: CheckpointStore;
  readonly now: () => number;
  /** lets queued messages (pause, cancel, queries) in between steps */
  readonly yieldToEvents: () => Promise<void>;
  readonly backend: () => BackendName;
  /** reads the shipped supernet's files (`manifest.json`, the weights); absent: no fine-tuning */
  readonly readShipped?: ReadFile;
}

/** What a long job may ask of the handler between steps. */
export interface JobControl {
  readonly post: (p: Progress) => void;
  readonly cancelled: () => boolean;
  readonly paused: () => boolean;
}

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

export function createSession(env: SessionEnv): Session {
  const datasets = new Map<string, Dataset>();
  let trainer: Trainer | null = null;
  /** the training run in progress, if any */
  let running: Promise<void> | null = null;
  let lock: Promise<unknown> = Promise.resolve();
  let failure: string | null = null;
  /** the supernet in memory that equals the stored checkpoint (at `step`), and the checkpoint's info */
  let stored: { trainer: Trainer | null; step: number; info: CheckpointInfo } | null = null;
  /** a training run waits for the lock: queries stop at their next batch */
  let trainWaiting = false;

  /** runs `f` when the previous holder is done */
  const exclusive = <T>(f: () => Promise<T>): Promise<T> => {
    const run = lock.then(f, f);
    lock = run.catch(() => undefined);
    return run;
  };

  /** between the batches of a query: lets a training run's request in, and gives way to it */
  const giveWay = async (): Promise<void> => {
    await env.yieldToEvents();
    if (trainWaiting) throw preempted();
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

  /** Replaces the supernet in memory (disposing the old one); call inside `exclusive`. */
  const replace = (next: Trainer | null): void => {
    if (trainer && trainer !== next) trainer.dispose();
    trainer = next;
  };

  /** The stored checkpoint; remembers its info so that asking for it does not read it again. */
  const load = async (): Promise<Checkpoint | null> => {
    const c = await env.store.load();
    const defect = c === null ? null : checkpointDefect(c);
    // refused, not repaired and not deleted: the slot keeps it until a new run's first checkpoint
    if (defect) throw new Error(`${defect}; the stored checkpoint is not used (it stays until a new run replaces it, or delete it)`);
    stored = c ? { trainer: null, step: c.step, info: checkpointInfo(c) } : null;
    return c;
  };

  /**
   * Runs a query on the supernet — the one in memory, else the stored checkpoint's — inside the
   * lock, so concurrent queries share one load and never see a supernet disposed under them.
   */
  const withSupernet = <T>(f: (t: Trainer) => Promise<T>): Promise<T> =>
    exclusive(async () => {
      if (trainWaiting) throw preempted();
      if (!trainer) {
        const c = await load();
        if (!c) throw new Error('supernet: not trained yet; train it first (Training panel)');
        if (!hasSpace(c.space)) throw new Error(`checkpoint: unknown space "${c.space}"`);
        const loaded = createTrainer(getSpace(c.space), await dataset(c.dataset), c.config, c);
        replace(loaded);
        if (stored) stored = { ...stored, trainer: loaded };
      }
      return f(trainer as unknown as Trainer);
    });

  const sameSpace = (t: Trainer, g: Genome): void => {
    if (g.space !== t.space.id) throw new Error(`genome: the supernet is trained on space "${t.space.id}", this subnet is of "${g.space}"`);
    const v = validateGenome(t.space, g);
    if (!v.ok) throw new Error(`genome: ${v.errors.join('; ')}`);
  };

  /**
   * The supernet a run starts from: a new one; for a resume the one in memory when it is the stored
   * checkpoint and was built with the same settings, else the stored checkpoint's. Takes the lock
   * ahead of any query (they give way at their next batch).
   */
  /** The shipped supernet's weights for `config` (fine-tuning), each file checked against the manifest. */
  const shippedWeights = async (config: TrainConfig): Promise<{ readonly variables: Checkpoint['variables'] }> => {
    if (!env.readShipped) throw new Error('fine-tune: this page has no shipped supernet to start from');
    const manifest = parseManifest(
      JSON.parse(new TextDecoder().decode(await env.readShipped('manifest.json'))) as unknown,
      'supernet/manifest.json',
    );
    const entry = shippedFor(manifest, config.space);
    if (!entry) throw new Error(`fine-tune: no supernet is shipped for space "${config.space}"; start from scratch`);
    if (entry.dataset !== config.dataset)
      throw new Error(
        `fine-tune: the shipped supernet was trained on ${entry.dataset}, not ${config.dataset}; pick ${entry.dataset} or start from scratch`,
      );
    const w = decodeSupernet(await verified(await env.readShipped(entry.weights.file), entry.weights), entry.weights.file);
    return { variables: w.variables };
  };

  const supernetFor = async (
    config: TrainConfig,
    resume: boolean,
    init?: 'shipped',
  ): Promise<{ t: Trainer; resumed: Resumed; saved: number | null }> => {
    trainWaiting = true;
    try {
      const space = getSpace(config.space);
      const ds = await dataset(config.dataset);
      const start = !resume && init === 'shipped' ? await shippedWeights(config) : undefined;
      return await exclusive(async () => {
        trainWaiting = false;
        if (!resume) {
          const t = createTrainer(space, ds, config, undefined, start);
          replace(t);
          return { t, resumed: null, saved: null };
        }
        const kept = trainer;
        if (kept && stored?.trainer === kept && stored.step === kept.step && sameConfig(kept.config, config)) {
          return { t: kept, resumed: 'memory' as const, saved: kept.step };
        }
        const from = await load();
        if (!from) throw new Error('checkpoint: there is none to resume; start a new run');
        const problem = checkpointProblem(from, space, config);
        if (problem) throw new Error(problem);
        const t = createTrainer(space, ds, config, from);
        replace(t);
        if (stored) stored = { ...stored, trainer: t };
        return { t, resumed: 'store' as const, saved: from.step };
      });
    } finally {
      trainWaiting = false;
    }
  };

  return {
    async loadCifar(files) {
      const tooMuch = cifarFilesProblem(files.map((f) => ({ name: f.name, bytes: f.file.size })));
      if (tooMuch) throw new Error(tooMuch);
      const parsed = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
      const ds = parseCifarBatches(parsed);
      const empty = cifarSplitsProblem(
        ds,
        files.map((f) => f.name),
      );
      if (empty) throw new Error(empty);
      datasets.set('cifar10', ds);
      return {
        name: ds.name,
        label: ds.label,
        train: ds.train.count,
        val: ds.val.count,
        test: ds.test.count,
        shape: [ds.height, ds.width, ds.channels],
      };
    },

    async train(config, resume, job, init) {
      // a cancelled run finishes its current step first; the next one waits for it
      if (running) await running.catch(() => undefined);
      let finish = (): void => undefined;
      running = new Promise<void>((resolve) => (finish = resolve));
      failure = null;
      let t: Trainer | null = null;
      let saved: number | null = null;
      /** the supernet in memory stays only if it is the checkpoint: queries then see stored weights */
      const settle = async (): Promise<void> => {
        if (t && saved !== t.step) await exclusive(async () => replace(null));
      };
      try {
        const start = await supernetFor(config, resume, init);
        const fresh = start.t;
        t = fresh;
        saved = start.saved;
        const save = async (): Promise<void> => {
          if (failure !== null) return;
          const c = await fresh.checkpoint();
          await env.store.save(c);
          saved = fresh.step;
          stored = { trainer: fresh, step: fresh.step, info: checkpointInfo(c) };
          job.post({ kind: 'checkpoint', step: fresh.step });
        };
        // a new run's first checkpoint replaces the stored one; until then that one can still be resumed
        job.post({
          kind: 'start',
          step: fresh.step,
          steps: config.steps,
          history: fresh.history,
          backend: env.backend(),
          resumed: start.resumed,
        });
        const eta = createEta();
        while (fresh.step < config.steps) {
          if (failure !== null) throw new Error(failure);
          if (job.cancelled()) {
            await settle();
            return { reason: 'cancelled', step: fresh.step, checkpointStep: saved };
          }
          if (job.paused()) {
            if (saved !== fresh.step) await exclusive(save);
            return { reason: 'paused', step: fresh.step, checkpointStep: saved };
          }
          const t0 = env.now();
          const log = await exclusive(() => fresh.trainStep());
          const ms = env.now() - t0;
          eta.step(ms);
          const perStep = eta.msPerStep();
          job.post({
            kind: 'step',
            log,
            steps: config.steps,
            stepMs: ms,
            imagesPerSec: perStep ? (config.batch * 1000) / perStep : null,
            etaSec: eta.secondsLeft(config.steps - fresh.step, evaluationsLeft(fresh.step, config.steps, config.evalEvery)),
          });
          const done = fresh.step >= config.steps;
          if ((config.evalEvery > 0 && fresh.step % config.evalEvery === 0) || done) {
            job.post({ kind: 'evaluating', step: fresh.step, final: done });
            const e0 = env.now();
            const evaluated = await exclusive(() => fresh.evaluateExtremes());
            eta.evaluation(env.now() - e0);
            job.post({ kind: 'eval', eval: evaluated });
          }
          if (fresh.step % config.checkpointEvery === 0 || done) await exclusive(save);
          await env.yieldToEvents();
        }
        if (saved !== fresh.step) await exclusive(save);
        return { reason: 'done', step: fresh.step, checkpointStep: saved };
      } catch (e) {
        if (failure !== null) {
          // the device is gone: so are the supernet's tensors; the checkpoint is what remains
          const why = failure;
          failure = null;
          trainer = null;
          throw new Error(
            `${why}: training stopped at step ${t?.step ?? 0}${saved !== null ? `; the checkpoint of step ${saved} is kept, resume from it` : ''}`,
          );
        }
        await settle().catch(() => undefined);
        throw e;
      } finally {
        running = null;
        finish();
      }
    },

    evaluate(genome) {
      return withSupernet(async (t) => {
        sameSpace(t, genome);
        const accuracy = await t.evaluate(genome, 'val', giveWay);
        const images = t.config.evalImages > 0 ? Math.min(t.config.evalImages, t.dataset.val.count) : t.dataset.val.count;
        return { genome, accuracy, split: 'val' as const, images, step: t.step };
      });
    },

    async fitPredictor(samples, seed, job) {
      const space = await withSupernet(async (t) => t.space);
      const rng = createRng(seed);
      const pairs: { genome: Genome; accuracy: number }[] = [];
      let first: Trainer | null = null;
      for (let i = 0; i < samples; i++) {
        if (job.cancelled()) throw new Error('predictor: cancelled');
        const genome = sampleGenome(space, rng);
        // one subnet per turn of the lock: a training run can go on in between
        const accuracy = await withSupernet(async (t) => {
          first ??= t;
          if (t !== first) throw new Error('predictor: the supernet changed during the fit (a run trained or resumed); fit again');
          return t.evaluate(genome);
        });
        pairs.push({ genome, accuracy });
        job.post({ kind: 'sample', done: i + 1, total: samples });
        await env.yieldToEvents();
      }
      return fitAndValidate(space, pairs, createRng(seed + 1));
    },

    exportSubnet(genome) {
      return withSupernet(async (t) => {
        sameSpace(t, genome);
        const files = exportFiles(await t.exportSubnet(genome));
        return { modelJson: files['model.json'], weights: files['weights.bin'] };
      });
    },

    async checkpointInfo() {
      // known since this worker last wrote or read it: no need to read the variables again
      if (stored) return stored.info;
      const c = await load();
      return c ? checkpointInfo(c) : null;
    },

    async clearCheckpoint() {
      if (running) throw new Error('checkpoint: stop the training run first');
      await env.store.clear();
      stored = null;
      await exclusive(async () => replace(null));
      return null;
    },

    async benchTrain(batch, steps) {
      const ds = await dataset('fashion-mnist');
      return exclusive(() => benchTraining(getSpace('mini'), ds, batch, steps));
    },

    fail(message) {
      if (running) failure = message;
      else trainer = null; // nothing to stop; the next query reloads the checkpoint
    },

    reset() {
      if (running) return;
      void exclusive(async () => replace(null));
    },
  };
}
