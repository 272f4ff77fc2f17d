/**
 * A subnet's BatchNorm recalibration and validation accuracy (SPEC §5.1), for the trainer: the
 * statistics of each BatchNorm over the calibration images (a shipped supernet's calibration file, or
 * the first training images of a seeded permutation), then the share of validation (or test) images
 * the subnet classifies right with them.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../core/training/trainConfig.js';
import type { Genome, SearchSpace } from '../core/types.js';
import { calibrationIndices, imagesTensor } from './batches.js';
import type { Dataset, Split } from './data.js';
import { forward, type BnStats, type Params } from './supernet.js';

/** What a training run trains: the space, the data, the settings and the supernet's variables. */
export interface SubnetRun {
  readonly space: SearchSpace;
  readonly dataset: Dataset;
  readonly config: TrainConfig;
  readonly params: Params;
}

/** The images BatchNorm is recalibrated on: `indices` of `split`. */
export interface Calibration {
  readonly split: Split;
  readonly indices: Uint32Array;
}

/** The run's calibration images; throws where the dataset's calibration images are too few. */
export function calibrationOf(dataset: Dataset, config: TrainConfig): Calibration {
  if (!dataset.calibration) return { split: dataset.train, indices: calibrationIndices(dataset.train.count, config) };
  if (dataset.calibration.count < config.calibrationImages) {
    throw new Error(`calibration: ${config.calibrationImages} images asked for, the calibration images hold ${dataset.calibration.count}`);
  }
  return { split: dataset.calibration, indices: Uint32Array.from({ length: config.calibrationImages }, (_, i) => i) };
}

/**
 * BatchNorm statistics of subnet g over the calibration images (kept tensors): each batch's mean
 * and variance weighted by its size, so a short last batch counts for what it holds.
 */
export function recalibrate(run: SubnetRun, calibration: Calibration, g: Genome): Map<string, { mean: tf.Tensor; variance: tf.Tensor }> {
  const { indices } = calibration;
  const sums = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }>();
  const bs = Math.min(run.config.batch, 128);
  for (let from = 0; from < indices.length; from += bs) {
    const idx = indices.subarray(from, Math.min(indices.length, from + bs));
    const w = idx.length / indices.length;
    tf.tidy(() => {
      const x = imagesTensor(run.dataset, calibration.split, idx);
      forward(run.space, run.params, g, x, {
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
}

/** Disposes recalibrated statistics. */
export function disposeStats(stats: BnStats): void {
  for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
}

/**
 * Validation (or test) accuracy of subnet g after recalibration, on the first `evalImages` images
 * (all where 0); `between` runs before each batch; `hits[i]` is set to 1 where image i is right.
 */
export async function evaluateSubnet(
  run: SubnetRun,
  calibration: Calibration,
  g: Genome,
  which: 'val' | 'test' = 'val',
  between?: () => Promise<void>,
  hits?: Uint8Array,
): Promise<number> {
  const split = run.dataset[which];
  const n = run.config.evalImages > 0 ? Math.min(run.config.evalImages, split.count) : split.count;
  await between?.();
  const stats: BnStats = recalibrate(run, calibration, g);
  let correct = 0;
  try {
    const bs = 250;
    for (let from = 0; from < n; from += bs) {
      await between?.();
      const idx = Array.from({ length: Math.min(bs, n - from) }, (_, i) => from + i);
      const images = (): tf.Tensor4D => imagesTensor(run.dataset, split, idx);
      const pred = tf.tidy(() => forward(run.space, run.params, g, images(), { kind: 'eval', stats }).argMax(1));
      const p = await pred.data();
      pred.dispose();
      idx.forEach((image, i) => {
        const right = p[i] === split.labels[image];
        if (right) correct++;
        if (hits) hits[image] = right ? 1 : 0;
      });
    }
  } finally {
    disposeStats(stats);
  }
  return correct / n;
}
