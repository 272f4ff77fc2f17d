/**
 * One training step of the supernet (SPEC §7): the sandwich of step s (largest, smallest, n random
 * subnets) on step s's batch, each subnet's gradient summed into one per variable, then one optimiser
 * update. With distillation the largest subnet's soft predictions are the others' targets (in-place
 * distillation). The batch and the subnets depend only on (seed, s).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng.js';
import { learningRateAt, phaseAt, sandwich, type StepLog } from '../core/training/trainConfig.js';
import { batchIndices, imagesTensor, labelsOf } from './batches.js';
import type { Optimizer } from './optimizer.js';
import type { SubnetRun } from './subnetEval.js';
import { forward, subnetVariables } from './supernet.js';

/** Mean softmax cross-entropy of logits against target distributions. */
function softCrossEntropy(targets: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.sum(targets.mul(tf.logSoftmax(logits)), 1)).mean() as tf.Scalar;
}

/** Adds each variable's gradient into `sums` (by variable name), disposing what it replaces. */
function accumulate(sums: Map<string, tf.Tensor>, vars: readonly tf.Variable[], grads: tf.NamedTensorMap): void {
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

/** Trains step `s` (the trainer's `trainStep`); `epochCache` keeps the current epoch's permutation. */
export async function sandwichStep(
  run: SubnetRun,
  optimizer: Optimizer,
  s: number,
  epochCache: Map<number, Uint32Array>,
): Promise<StepLog> {
  const { space, dataset, config, params } = run;
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
      accumulate(sums, vars, grads);
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
    return { step: s, phase: phaseAt(config, s), lr, roles: members.map((m) => m.role), losses: Array.from(values) };
  } finally {
    tf.dispose([x, y, ...losses, ...sums.values()]);
    held.teacher?.dispose();
  }
}
