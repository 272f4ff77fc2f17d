/**
 * Supernet training as a step function (SPEC §7): each `trainStep()` trains one sandwich (largest,
 * smallest, n random subnets) on one batch, with in-place distillation from the largest, in the
 * MBConv-only phase or the hybrid phase. The caller (worker, CLI) owns the loop, so it can report
 * progress, pause and cancel between steps. Deterministic for a config: the batch and the subnets of
 * step s depend only on the seed and s, so a run resumed from a checkpoint continues exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng.js';
import {
  HASHED_FIELDS,
  learningRateAt,
  phaseAt,
  sandwich,
  trainConfigHash,
  type EvalLog,
  type SandwichMember,
  type StepLog,
  type TrainConfig,
  type TrainHistory,
} from '../core/training/trainConfig.js';
export type { EvalLog, StepLog, TrainHistory } from '../core/training/trainConfig.js';
import type { Genome, SearchSpace } from '../core/types.js';
import type { Dataset, Split } from './data.js';
import { installFastCpuKernels } from './cpuKernels.js';
import { exportSubnet as exportSubnetModel } from './export.js';
import { checkpointDefect, checkpointFitDefect } from './checkpointCheck.js';
import { createOptimizer, type NamedArray, type Optimizer, type OptimizerState } from './optimizer.js';
import { createSupernet, disposeSupernet, forward, subnetVariables, type BnStats, type Params } from './supernet.js';

/** Everything needed to resume a run: plain data (typed arrays), for IndexedDB or a file. */
export interface Checkpoint {
  readonly version: 1;
  readonly space: string;
  readonly dataset: string;
  readonly configHash: string;
  readonly config: TrainConfig;
  /** steps done */
  readonly step: number;
  readonly variables: readonly NamedArray[];
  readonly optimizer: OptimizerState;
  readonly history: TrainHistory;
}

export interface Trainer {
  readonly space: SearchSpace;
  readonly dataset: Dataset;
  readonly config: TrainConfig;
  readonly params: Params;
  /** steps done */
  readonly step: number;
  readonly history: TrainHistory;
  trainStep(): Promise<StepLog>;
  /**
   * validation accuracy of a subnet after BatchNorm recalibration (SPEC §5.1); `between` runs before
   * each batch of images (it may throw to stop the evaluation, e.g. for a training run that waits)
   */
  /** `hits` (optional, at least as long as the images evaluated): set to 1 where an image is classified right */
  evaluate(g: Genome, split?: 'val' | 'test', between?: () => Promise<void>, hits?: Uint8Array): Promise<number>;
  /** records an evaluation of the largest and smallest subnets in the history */
  evaluateExtremes(): Promise<EvalLog>;
  /** BatchNorm statistics of a subnet, recalibrated on the calibration images (the caller disposes them) */
  bnStats(g: Genome): BnStats;
  /** the subnet as a standalone TF.js graph model (export.ts), BatchNorm recalibrated and folded in */
  exportSubnet(g: Genome): Promise<tf.io.ModelArtifacts>;
  checkpoint(): Promise<Checkpoint>;
  dispose(): void;
}

/** Images of a split as a float tensor normalised to [-1, 1]. */
export function imagesTensor(ds: Dataset, split: Split, indices: ArrayLike<number>): tf.Tensor4D {
  const px = ds.height * ds.width * ds.channels;
  const out = new Float32Array(indices.length * px);
  for (let i = 0; i < indices.length; i++) {
    const from = (indices[i] as number) * px;
    const src = split.images.subarray(from, from + px);
    for (let j = 0; j < px; j++) out[i * px + j] = (src[j] as number) / 127.5 - 1;
  }
  return tf.tensor4d(out, [indices.length, ds.height, ds.width, ds.channels]);
}

function labelsOf(split: Split, indices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = split.labels[indices[i] as number] as number;
  return out;
}

/** A seeded permutation of 0..n-1. */
function permutation(n: number, seed: number): Uint32Array {
  const rng = createRng(seed);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

/**
 * Training images of step s: consecutive slices of a fresh seeded permutation per epoch, so a batch
 * depends only on (seed, step) and a resumed run sees the same data.
 */
export function batchIndices(count: number, batch: number, seed: number, step: number, cache?: Map<number, Uint32Array>): Uint32Array {
  const out = new Uint32Array(batch);
  for (let i = 0; i < batch; i++) {
    const k = step * batch + i;
    const epoch = Math.floor(k / count);
    let p = cache?.get(epoch);
    if (!p) {
      p = permutation(count, (seed * 7919 + epoch * 104729) >>> 0);
      if (cache) {
        cache.clear();
        cache.set(epoch, p);
      }
    }
    out[i] = p[k % count] as number;
  }
  return out;
}

/**
 * The training images BatchNorm is recalibrated on, in order: the first `calibrationImages` of a
 * permutation seeded by the run's seed (a shipped supernet's calibration file holds these images).
 */
export function calibrationIndices(trainCount: number, config: Pick<TrainConfig, 'seed' | 'calibrationImages'>): Uint32Array {
  return permutation(trainCount, config.seed ^ 0x5bd1e995).subarray(0, Math.min(config.calibrationImages, trainCount));
}

/** Mean softmax cross-entropy of logits against target distributions. */
function softCrossEntropy(targets: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.sum(targets.mul(tf.logSoftmax(logits)), 1)).mean() as tf.Scalar;
}

/**
 * `init` (optional; issue 13's fine-tuning): weights assigned to the new supernet right after it is
 * built — a run that starts from them with a fresh optimiser at step 0. Ignored when resuming `from`.
 * Without it nothing differs from before.
 */
export function createTrainer(
  space: SearchSpace,
  dataset: Dataset,
  config: TrainConfig,
  from?: Checkpoint,
  init?: { readonly variables: Checkpoint['variables'] },
): Trainer {
  if (space.inputChannels !== dataset.channels) {
    throw new Error(`dataset: ${dataset.name} has ${dataset.channels} channel(s), space ${space.id} expects ${space.inputChannels}`);
  }
  if (space.classes !== dataset.classes)
    throw new Error(`dataset: ${dataset.name} has ${dataset.classes} classes, space ${space.id} expects ${space.classes}`);
  installFastCpuKernels();
  const params = createSupernet(space, config.seed);
  if (init && !from) {
    try {
      for (const v of init.variables) {
        const target = params.get(v.name);
        if (!target) throw new Error(`fine-tune: variable ${v.name} is not in the ${space.id} supernet`);
        if (target.size !== v.data.length) throw new Error(`fine-tune: ${v.name} has ${v.data.length} values, expected ${target.size}`);
        const value = tf.tensor(v.data, target.shape);
        target.assign(value);
        value.dispose();
      }
      const given = new Set(init.variables.map((v) => v.name));
      const missing = [...params.keys()].find((n) => !given.has(n));
      if (missing !== undefined)
        throw new Error(`fine-tune: variable "${missing}" missing from the weights (the ${space.id} supernet has ${params.size})`);
    } catch (e) {
      disposeSupernet(params);
      throw e;
    }
  }
  const optimizer: Optimizer = createOptimizer(config.optimizer, params);
  let step = 0;
  let steps: StepLog[] = [];
  let evals: EvalLog[] = [];
  const epochCache = new Map<number, Uint32Array>();
  const calibrationSplit = dataset.calibration ?? dataset.train;
  if (dataset.calibration && dataset.calibration.count < config.calibrationImages) {
    throw new Error(`calibration: ${config.calibrationImages} images asked for, the calibration images hold ${dataset.calibration.count}`);
  }
  const calibrationIdx = dataset.calibration
    ? Uint32Array.from({ length: config.calibrationImages }, (_, i) => i)
    : calibrationIndices(dataset.train.count, config);

  if (from) {
    const problem =
      checkpointProblem(from, space, config) ?? checkpointFitDefect(from, new Map([...params].map(([n, p]) => [n, p.shape])), space.id);
    if (problem) {
      disposeSupernet(params);
      throw new Error(problem);
    }
    try {
      for (const v of from.variables) {
        const target = params.get(v.name);
        if (!target) throw new Error(`checkpoint: variable ${v.name} is not in the ${space.id} supernet`);
        if (target.size !== v.data.length) throw new Error(`checkpoint: ${v.name} has ${v.data.length} values, expected ${target.size}`);
        const value = tf.tensor(v.data, target.shape);
        target.assign(value);
        value.dispose(); // assign keeps its own reference to the data
      }
      optimizer.load(from.optimizer);
    } catch (e) {
      optimizer.dispose();
      disposeSupernet(params);
      throw e;
    }
    step = from.step;
    steps = [...from.history.steps];
    evals = [...from.history.evals];
  }

  /**
   * BatchNorm statistics of subnet g over the calibration images (kept tensors): each batch's mean
   * and variance weighted by its size, so a short last batch counts for what it holds.
   */
  const recalibrate = (g: Genome): Map<string, { mean: tf.Tensor; variance: tf.Tensor }> => {
    const sums = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }>();
    const bs = Math.min(config.batch, 128);
    for (let from = 0; from < calibrationIdx.length; from += bs) {
      const idx = calibrationIdx.subarray(from, Math.min(calibrationIdx.length, from + bs));
      const w = idx.length / calibrationIdx.length;
      tf.tidy(() => {
        const x = imagesTensor(dataset, calibrationSplit, idx);
        forward(space, params, g, x, {
          kind: 'calibrate',
          record(name, mean, variance) {
            const prev = sums.get(name);
            sums.set(name, {
              mean: tf.keep(prev ? prev.mean.add(mean.mul(w)) : mean.mul(w)),
              variance: tf.keep(prev ? prev.variance.add(variance.mul(w)) : variance.mul(w)),
            });
            if (prev) tf.dispose([prev.mean, prev.variance]);
          },
        });
      });
    }
    return sums;
  };

  const evaluate = async (g: Genome, which: 'val' | 'test' = 'val', between?: () => Promise<void>, hits?: Uint8Array): Promise<number> => {
    const split = dataset[which];
    const n = config.evalImages > 0 ? Math.min(config.evalImages, split.count) : split.count;
    await between?.();
    const stats: BnStats = recalibrate(g);
    let correct = 0;
    try {
      const bs = 250;
      for (let from = 0; from < n; from += bs) {
        await between?.();
        const idx = Array.from({ length: Math.min(bs, n - from) }, (_, i) => from + i);
        const pred = tf.tidy(() => forward(space, params, g, imagesTensor(dataset, split, idx), { kind: 'eval', stats }).argMax(1));
        const p = await pred.data();
        pred.dispose();
        for (let i = 0; i < idx.length; i++) {
          const right = p[i] === split.labels[idx[i] as number];
          if (right) correct++;
          if (hits) hits[from + i] = right ? 1 : 0;
        }
      }
    } finally {
      for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
    }
    return correct / n;
  };

  const trainer: Trainer = {
    space,
    dataset,
    config,
    params,
    get step() {
      return step;
    },
    get history() {
      // a copy: the run goes on appending to its own lists
      return { steps: [...steps], evals: [...evals] };
    },
    async trainStep() {
      const s = step;
      const members = sandwich(space, config, s, createRng((config.seed * 2654435761 + s * 40503) >>> 0));
      const idx = batchIndices(dataset.train.count, config.batch, config.seed, s, epochCache);
      const lr = learningRateAt(config, s);
      const x = imagesTensor(dataset, dataset.train, idx);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labelsOf(dataset.train, idx), 'int32'), space.classes).toFloat() as tf.Tensor2D);
      const sums = new Map<string, tf.Tensor>();
      const losses: tf.Scalar[] = [];
      // the largest subnet's soft predictions, the targets of the others (in-place distillation)
      const held: { teacher: tf.Tensor2D | null } = { teacher: null };
      try {
        for (const m of members) {
          const vars = subnetVariables(space, params, m.genome);
          const t = held.teacher;
          const { value, grads } = tf.variableGrads(() => {
            const logits = forward(space, params, m.genome, x);
            if (m.role === 'largest' || !config.distill || !t) {
              if (m.role === 'largest' && config.distill) held.teacher = tf.keep(tf.softmax(logits)) as tf.Tensor2D;
              return tf.losses.softmaxCrossEntropy(y, logits, undefined, config.labelSmoothing) as tf.Scalar;
            }
            return softCrossEntropy(t, logits);
          }, vars);
          losses.push(value);
          for (const v of vars) {
            const g = grads[v.name];
            if (!g) continue;
            const prev = sums.get(v.name);
            if (prev) {
              sums.set(v.name, tf.keep(prev.add(g)));
              prev.dispose();
              g.dispose();
            } else sums.set(v.name, g);
          }
        }
        const byParam = new Map<string, tf.Tensor>();
        for (const [key, v] of params) {
          const g = sums.get(v.name);
          if (g) byParam.set(key, g);
        }
        optimizer.apply(byParam, lr);
        const stacked = tf.stack(losses);
        const values = await stacked.data();
        stacked.dispose();
        const log: StepLog = { step: s, phase: phaseAt(config, s), lr, roles: members.map((m) => m.role), losses: Array.from(values) };
        steps.push(log);
        step = s + 1;
        return log;
      } finally {
        tf.dispose([x, y, ...losses, ...sums.values()]);
        held.teacher?.dispose();
      }
    },
    evaluate,
    async evaluateExtremes() {
      // the extremes of the current phase (MBConv-only ones during phase 1, whose ViT weights are untrained)
      const [big, small] = sandwich(space, { ...config, randomSubnets: 0 }, Math.max(0, step - 1), createRng(0));
      const largest = await evaluate((big as SandwichMember).genome);
      const smallest = await evaluate((small as SandwichMember).genome);
      const log = { step, largest, smallest };
      evals.push(log);
      return log;
    },
    bnStats: recalibrate,
    async exportSubnet(g) {
      const stats = recalibrate(g);
      try {
        return await exportSubnetModel(space, params, g, stats, {
          inputHeight: dataset.height,
          inputWidth: dataset.width,
          dataset: dataset.name,
          classNames: dataset.classNames,
        });
      } finally {
        for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
      }
    },
    async checkpoint() {
      const variables: NamedArray[] = [];
      for (const [name, v] of params) variables.push({ name, shape: v.shape, data: (await v.data()) as Float32Array });
      return {
        version: 1,
        space: space.id,
        dataset: dataset.name,
        configHash: trainConfigHash(config),
        config,
        step,
        variables,
        optimizer: await optimizer.save(),
        history: { steps: [...steps], evals: [...evals] },
      };
    },
    dispose() {
      optimizer.dispose();
      disposeSupernet(params);
    },
  };
  return trainer;
}

/** Why a checkpoint cannot resume this run (malformed, or another run's), or null. */
export function checkpointProblem(c: Checkpoint, space: SearchSpace, config: TrainConfig): string | null {
  const defect = checkpointDefect(c); // a stored or read checkpoint may hold anything
  if (defect) return defect;
  if (c.version !== 1) return `checkpoint: version ${String(c.version)} is not supported`;
  if (c.space !== space.id) return `checkpoint: it is for space "${c.space}", this run trains "${space.id}"`;
  if (c.dataset !== config.dataset) return `checkpoint: it was trained on ${c.dataset}, this run uses ${config.dataset}`;
  if (c.configHash !== trainConfigHash(config)) {
    const differ = HASHED_FIELDS.filter((k) => c.config[k] !== config[k]).map((k) => `${k} ${String(c.config[k])} → ${String(config[k])}`);
    return `checkpoint: trained with other settings (${differ.join(', ') || 'settings changed'}); set them back to resume, or start a new run`;
  }
  return null;
}
