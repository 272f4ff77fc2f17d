/** createTrainer's optional `init` (fine-tuning the shipped supernet): applied only when given. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINI } from '../core/model/spaces.js';
import { DEFAULT_TRAIN, type TrainConfig } from '../core/training/trainConfig.js';
import type { Dataset, Split } from './data.js';
import { createTrainer } from './trainer.js';

function split(n: number, seed: number): Split {
  const images = new Uint8Array(n * 28 * 28);
  for (let i = 0; i < images.length; i++) images[i] = (i * 31 + seed * 17) % 251;
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => (i + seed) % 10), count: n };
}
const ds: Dataset = {
  name: 'fashion-mnist',
  label: 'synthetic',
  classes: 10,
  classNames: [],
  height: 28,
  width: 28,
  channels: 1,
  train: split(64, 1),
  val: split(32, 2),
  test: split(32, 3),
};
const CFG: TrainConfig = {
  ...DEFAULT_TRAIN,
  space: 'mini',
  steps: 4,
  batch: 8,
  randomSubnets: 1,
  warmupSteps: 0,
  evalImages: 32,
  calibrationImages: 16,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('createTrainer init', () => {
  it('a new run starts from the given weights, at step 0 with a fresh optimiser; without init nothing changes', async () => {
    const donor = createTrainer(MINI, ds, { ...CFG, seed: 7 });
    await donor.trainStep();
    const weights = await donor.checkpoint();
    const plain = createTrainer(MINI, ds, CFG);
    const again = createTrainer(MINI, ds, CFG);
    const tuned = createTrainer(MINI, ds, CFG, undefined, { variables: weights.variables });
    const [p, a, t] = [await plain.checkpoint(), await again.checkpoint(), await tuned.checkpoint()];
    // without init: the same supernet as before (seeded), not the donor's
    for (const [i, v] of p.variables.entries()) expect(Array.from(v.data)).toEqual(Array.from(a.variables[i]?.data ?? []));
    expect(p.variables.some((v, i) => v.data.some((x, j) => x !== weights.variables[i]?.data[j]))).toBe(true);
    // with init: every variable is the donor's, bit for bit; a run that starts at step 0
    for (const [i, v] of t.variables.entries()) {
      expect(v.name).toBe(weights.variables[i]?.name);
      expect(Array.from(v.data)).toEqual(Array.from(weights.variables[i]?.data ?? []));
    }
    expect(t.step).toBe(0);
    expect(t.optimizer.t).toBe(0);
    expect(() => createTrainer(MINI, ds, CFG, undefined, { variables: [{ ...weights.variables[0]!, data: new Float32Array(3) }] })).toThrow(
      /fine-tune: .* has 3 values, expected/,
    );
    for (const x of [donor, plain, again, tuned]) x.dispose();
  }, 120_000);
});

describe('createTrainer init: incomplete weights', () => {
  it('weights missing a variable are refused with its name (issue 14: they trained from partly fresh weights)', async () => {
    const donor = createTrainer(MINI, ds, CFG);
    const weights = await donor.checkpoint();
    donor.dispose();
    const partial = weights.variables.filter((v) => v.name !== 'head.fc.bias');
    expect(() => createTrainer(MINI, ds, CFG, undefined, { variables: partial })).toThrow(
      `fine-tune: variable "head.fc.bias" missing from the weights (the mini supernet has ${weights.variables.length})`,
    );
  }, 60_000);
});
