/**
 * What the training session holds between jobs, as one explicit object (`SessionState`), and the
 * operations every job shares over it: the lock that training steps and queries take turns through
 * (`exclusive`, and `giveWay` for a query's batches when a run waits), the datasets, the supernet in
 * memory and the stored checkpoint it may stand for (`withSupernet`). trainRun.ts runs training over
 * it, trainSession.ts the queries.
 */
import { getSpace, hasSpace, validateGenome, type Genome } from '../core';
import { checkpointDefect } from '../train/checkpointCheck';
import { loadPreparedDataset, type Dataset, type ReadFile } from '../train/data';
import { createTrainer, type Checkpoint, type Trainer } from '../train/trainer';
import { checkpointInfo, preempted, type CheckpointStore } from './checkpointStore';
import type { BackendName, CheckpointInfo } from './protocol';

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

export interface SessionState {
  readonly env: SessionEnv;
  readonly datasets: Map<string, Dataset>;
  /** the supernet in memory */
  trainer: Trainer | null;
  /** the training run in progress, if any */
  running: Promise<void> | null;
  lock: Promise<unknown>;
  /** the backend failed under the run (a lost device): why */
  failure: string | null;
  /** the supernet in memory that equals the stored checkpoint (at `step`), and the checkpoint's info */
  stored: { readonly trainer: Trainer | null; readonly step: number; readonly info: CheckpointInfo } | null;
  /** a training run waits for the lock: queries stop at their next batch */
  trainWaiting: boolean;
}

export function createState(env: SessionEnv): SessionState {
  return {
    env,
    datasets: new Map(),
    trainer: null,
    running: null,
    lock: Promise.resolve(),
    failure: null,
    stored: null,
    trainWaiting: false,
  };
}

/** Runs `f` when the previous holder of the lock is done. */
export function exclusive<T>(s: SessionState, f: () => Promise<T>): Promise<T> {
  const run = s.lock.then(f, f);
  s.lock = run.catch(() => undefined);
  return run;
}

/** Between the batches of a query: lets a training run's request in, and gives way to it. */
export async function giveWay(s: SessionState): Promise<void> {
  await s.env.yieldToEvents();
  if (s.trainWaiting) throw preempted();
}

/** A prepared dataset (loaded once), or the CIFAR-10 files the user picked. */
export async function datasetOf(s: SessionState, name: string): Promise<Dataset> {
  const cached = s.datasets.get(name);
  if (cached) return cached;
  if (name === 'cifar10') throw new Error('dataset: CIFAR-10 is not embedded; pick its binary batches (data_batch_*.bin) first');
  if (name !== 'fashion-mnist' && name !== 'mnist') throw new Error(`dataset: unknown "${name}"`);
  const ds = await loadPreparedDataset(name, s.env.readData);
  s.datasets.set(name, ds);
  return ds;
}

/** Replaces the supernet in memory (disposing the old one); call inside `exclusive`. */
export function replace(s: SessionState, next: Trainer | null): void {
  if (s.trainer && s.trainer !== next) s.trainer.dispose();
  s.trainer = next;
}

/** The stored checkpoint; remembers its info so that asking for it does not read it again. */
export async function loadStored(s: SessionState): Promise<Checkpoint | null> {
  const c = await s.env.store.load();
  const defect = c === null ? null : checkpointDefect(c);
  // refused, not repaired and not deleted: the slot keeps it until a new run's first checkpoint
  if (defect) throw new Error(`${defect}; the stored checkpoint is not used (it stays until a new run replaces it, or delete it)`);
  s.stored = c ? { trainer: null, step: c.step, info: checkpointInfo(c) } : null;
  return c;
}

/**
 * Runs a query on the supernet — the one in memory, else the stored checkpoint's — inside the
 * lock, so concurrent queries share one load and never see a supernet disposed under them.
 */
export function withSupernet<T>(s: SessionState, f: (t: Trainer) => Promise<T>): Promise<T> {
  return exclusive(s, async () => {
    if (s.trainWaiting) throw preempted();
    if (!s.trainer) {
      const c = await loadStored(s);
      if (!c) throw new Error('supernet: not trained yet; train it first (Training panel)');
      if (!hasSpace(c.space)) throw new Error(`checkpoint: unknown space "${c.space}"`);
      const loaded = createTrainer(getSpace(c.space), await datasetOf(s, c.dataset), c.config, c);
      replace(s, loaded);
      if (s.stored) s.stored = { ...s.stored, trainer: loaded };
    }
    return f(s.trainer as unknown as Trainer);
  });
}

/** Refuses a subnet of another space than the supernet's, or one outside its choices. */
export function sameSpace(t: Trainer, g: Genome): void {
  if (g.space !== t.space.id) throw new Error(`genome: the supernet is trained on space "${t.space.id}", this subnet is of "${g.space}"`);
  const v = validateGenome(t.space, g);
  if (!v.ok) throw new Error(`genome: ${v.errors.join('; ')}`);
}
