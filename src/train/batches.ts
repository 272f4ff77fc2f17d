/**
 * Which training images a step or a recalibration reads, and the images as tensors: a fresh seeded
 * permutation per epoch, sliced in order, so a step's batch depends only on (seed, step) and a resumed
 * run sees the same data; the calibration images are a prefix of a permutation seeded by the run's
 * seed.
 */
import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng.js';
import type { TrainConfig } from '../core/training/trainConfig.js';
import type { Dataset, Split } from './data.js';

/** Images of a split as a float tensor normalised to [-1, 1]. */
export function imagesTensor(ds: Dataset, split: Split, indices: ArrayLike<number>): tf.Tensor4D {
  const px = ds.height * ds.width * ds.channels;
  const out = new Float32Array(indices.length * px);
  Array.from(indices).forEach((index, i) => {
    let o = i * px;
    for (const v of split.images.subarray(index * px, index * px + px)) out[o++] = v / 127.5 - 1;
  });
  return tf.tensor4d(out, [indices.length, ds.height, ds.width, ds.channels]);
}

/** The labels of a split's images, in the order of `indices`. */
export function labelsOf(split: Split, indices: ArrayLike<number>): Int32Array {
  // a missing label reads as 0, as storing undefined in an Int32Array does
  return Int32Array.from(Array.from(indices), (i) => split.labels[i] ?? 0);
}

/** A seeded permutation of 0..n-1. */
function permutation(n: number, seed: number): Uint32Array {
  const rng = createRng(seed);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = at(p, i);
    p[i] = at(p, j);
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
    out[i] = at(p, k % count);
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
