import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleGenome } from '../core/model/genome.js';
import { createRng } from '../core/rng.js';
import { MINI, MINI_CIFAR } from '../core/model/spaces.js';
import { DEFAULT_TRAIN, type TrainConfig } from '../core/training/trainConfig.js';
import type { Genome, SearchSpace } from '../core/types.js';
import { installFastCpuKernels } from './cpuKernels.js';
import type { Dataset, Split } from './data.js';
import { createOptimizer } from './optimizer.js';
import { batchNormForTest, createSupernet, disposeSupernet, forward, subnetVariables, supernetSize } from './supernet.js';
import { createTrainer } from './trainer.js';

/** `mini` cut down so that a training step takes a fraction of a second on the CPU backend. */
const TINY: SearchSpace = {
  ...MINI,
  id: 'tiny',
  r: [12, 16],
  stem: [4, 8],
  stages: [
    { name: 's1', c: [4, 8], d: [1, 2], k: [3, 5], e: [1, 2], m: [1, 2], hybrid: false, stride: 2 },
    { name: 's2', c: [8, 16], d: [1, 2, 3], k: [3, 5], e: [2, 3], m: [1, 2], hybrid: true, stride: 1 },
  ],
};

/** Images whose class is a bright horizontal band at a class-dependent row: learnable in a few steps. */
function bands(n: number, side: number, channels: number, seed: number): Split {
  const rng = createRng(seed);
  const images = new Uint8Array(n * side * side * channels);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(10);
    labels[i] = c;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side * channels; x++) {
        images[(i * side + y) * side * channels + x] = (Math.abs(y - Math.round(((c + 0.5) * side) / 10)) <= 0 ? 220 : 0) + rng.int(30);
      }
    }
  }
  return { images, labels, count: n };
}

function dataset(side: number, channels = 1): Dataset {
  return {
    name: 'fashion-mnist',
    label: 'synthetic bands',
    classes: 10,
    classNames: [],
    height: side,
    width: side,
    channels,
    train: bands(256, side, channels, 1),
    val: bands(100, side, channels, 2),
    test: bands(100, side, channels, 3),
  };
}

const CFG: TrainConfig = {
  ...DEFAULT_TRAIN,
  space: 'tiny',
  steps: 40,
  batch: 8,
  randomSubnets: 1,
  warmupSteps: 0,
  evalImages: 100,
  calibrationImages: 64,
  checkpointEvery: 5,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

describe('supernet', () => {
  it('gives [batch, classes] logits for sampled subnets of every block type, on 1- and 3-channel spaces', () => {
    for (const space of [MINI, MINI_CIFAR]) {
      const params = createSupernet(space, 3);
      const rng = createRng(4);
      const seen = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const g = sampleGenome(space, rng);
        g.stages.forEach((s) => s.t.forEach((t) => seen.add(t)));
        const shape = tf.tidy(
          () =>
            forward(
              space,
              params,
              g,
              tf.zeros(
                [2, 32, 32, space.inputChannels].map((v, j) => (j === 1 || j === 2 ? (space.id === 'mini' ? 28 : 32) : v)) as [
                  number,
                  number,
                  number,
                  number,
                ],
              ),
            ).shape,
        );
        expect(shape).toEqual([2, 10]);
      }
      expect(seen).toEqual(new Set(['mb', 'vit']));
      disposeSupernet(params);
    }
  });

  it('holds one MBConv and one ViT parameter set per hybrid slot; the largest choices size every variable', () => {
    const params = createSupernet(MINI, 1);
    expect(params.get('s3.b2.vit.q')?.shape).toEqual([32, 32]);
    expect(params.get('s3.b2.mb.expand')?.shape).toEqual([32, 128]);
    expect(params.get('s3.b1.mb.expand')?.shape).toEqual([24, 96]);
    expect(params.has('s3.b1.vit.q')).toBe(false); // the first block of a stage is MBConv
    expect(params.has('s2.b2.vit.q')).toBe(false); // s2 is not hybrid
    expect(params.get('s4.b3.vit.fc1')?.shape).toEqual([48, 96]);
    expect(params.get('s1.b1.mb.dw')?.shape).toEqual([5, 5, 32, 1]);
    expect(supernetSize(params)).toBe(173386);
    disposeSupernet(params);
  });

  it('shares weights: training the smallest subnet moves only the slices it uses, and changes the largest subnet', () => {
    const params = createSupernet(TINY, 2);
    const small: Genome = {
      space: 'tiny',
      r: 12,
      stem: 4,
      stages: [
        { c: 4, d: 1, k: 3, e: 1, t: ['mb'], m: 1 },
        { c: 8, d: 1, k: 3, e: 2, t: ['mb'], m: 1 },
      ],
    };
    const large: Genome = {
      space: 'tiny',
      r: 16,
      stem: 8,
      stages: [
        { c: 8, d: 2, k: 5, e: 2, t: ['mb', 'mb'], m: 2 },
        { c: 16, d: 3, k: 5, e: 3, t: ['mb', 'vit', 'mb'], m: 2 },
      ],
    };
    const x = tf.randomUniform([4, 16, 16, 1], -1, 1, 'float32', 7) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), 10);
    const before = tf.tidy(() => forward(TINY, params, large, x).arraySync());
    const stemBefore = params.get('stem.w')?.arraySync() as number[][][][];
    const dwBefore = params.get('s1.b1.mb.dw')?.arraySync() as number[][][][];
    const vars = subnetVariables(TINY, params, small);
    const opt = createOptimizer('adam', params);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, forward(TINY, params, small, x)) as tf.Scalar, vars);
    const byName = new Map<string, tf.Tensor>();
    for (const [key, v] of params) if (grads[v.name]) byName.set(key, grads[v.name] as tf.Tensor);
    opt.apply(byName, 0.01);
    tf.dispose([value, ...Object.values(grads)]);
    const stemAfter = params.get('stem.w')?.arraySync() as number[][][][];
    const dwAfter = params.get('s1.b1.mb.dw')?.arraySync() as number[][][][];
    // stem: output channels 0–3 trained, 4–7 untouched
    expect(stemAfter[1]?.[1]?.[0]?.slice(0, 4)).not.toEqual(stemBefore[1]?.[1]?.[0]?.slice(0, 4));
    expect(stemAfter[1]?.[1]?.[0]?.slice(4)).toEqual(stemBefore[1]?.[1]?.[0]?.slice(4));
    // depthwise 3×3 is the centre of the 5×5 kernel: the border ring is untouched
    expect(dwAfter[0]).toEqual(dwBefore[0]);
    expect(dwAfter[2]?.[2]?.[0]).not.toEqual(dwBefore[2]?.[2]?.[0]);
    // the largest subnet reads the same variables, so its output moved
    const after = tf.tidy(() => forward(TINY, params, large, x).arraySync());
    expect(after).not.toEqual(before);
    opt.dispose();
    tf.dispose([x, y]);
    disposeSupernet(params);
  });
});

describe('trainer', () => {
  it('the loss falls, tensors stay flat over 20 steps, and BN-recalibrated accuracy beats chance', async () => {
    const cfg = { ...CFG, phase1Share: 0.6 };
    const trainer = createTrainer(TINY, dataset(16), cfg);
    const first = await trainer.trainStep(); // creates the optimiser slots of the MBConv-only phase
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      await trainer.trainStep();
      expect(tf.memory().numTensors).toBe(tensors);
    }
    for (let i = 21; i < 40; i++) await trainer.trainStep();
    const steps = trainer.history.steps;
    const mean = (from: number, to: number): number => steps.slice(from, to).reduce((a, s) => a + at(s.losses, 0), 0) / (to - from);
    expect(first.roles).toEqual(['largest', 'smallest', 'random']);
    expect(mean(35, 40)).toBeLessThan(mean(0, 5) - 0.3);
    expect(steps.slice(0, 24).every((s) => s.phase === 1) && steps.slice(24).every((s) => s.phase === 2)).toBe(true);
    const before = tf.memory().numTensors;
    const acc = await trainer.evaluateExtremes();
    expect(tf.memory().numTensors).toBe(before);
    expect(acc.largest).toBeGreaterThan(0.3);
    expect(acc.step).toBe(trainer.step);
    trainer.dispose();
  }, 120_000);

  it('a checkpoint resumes exactly: the next steps equal those of the run that never stopped', async () => {
    const a = createTrainer(TINY, dataset(16), CFG);
    for (let i = 0; i < 3; i++) await a.trainStep();
    const ck = structuredClone(await a.checkpoint());
    const b = createTrainer(TINY, dataset(16), CFG, ck);
    expect(b.step).toBe(3);
    expect(b.history.steps).toHaveLength(3);
    const la = [await a.trainStep(), await a.trainStep()];
    const lb = [await b.trainStep(), await b.trainStep()];
    expect(lb.map((l) => l.losses)).toEqual(la.map((l) => l.losses));
    const va = (await a.checkpoint()).variables;
    const vb = (await b.checkpoint()).variables;
    expect(vb.map((v) => Array.from(v.data))).toEqual(va.map((v) => Array.from(v.data)));
    a.dispose();
    b.dispose();
  }, 60_000);

  it('refuses a checkpoint of another space or other settings, naming why', async () => {
    const a = createTrainer(TINY, dataset(16), CFG);
    const ck = await a.checkpoint();
    a.dispose();
    const tensors = tf.memory().numTensors;
    expect(() => createTrainer(MINI, dataset(28), { ...CFG, space: 'mini' }, ck)).toThrow(
      'checkpoint: it is for space "tiny", this run trains "mini"',
    );
    expect(() => createTrainer(TINY, dataset(16), { ...CFG, seed: 9 }, ck)).toThrow(
      'checkpoint: trained with other settings (seed 1 → 9); set them back to resume, or start a new run',
    );
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('a resumed trainer holds exactly its variables and optimiser slots: nothing leaks', async () => {
    const a = createTrainer(TINY, dataset(16), CFG);
    for (let i = 0; i < 2; i++) await a.trainStep();
    const ck = await a.checkpoint();
    a.dispose();
    const base = tf.memory().numTensors;
    const b = createTrainer(TINY, dataset(16), CFG, ck);
    // the variables, Adam's two flat moment vectors and the element → variable index of the flat layout
    expect(tf.memory().numTensors - base).toBe(ck.variables.length + 3);
    b.dispose();
    expect(tf.memory().numTensors).toBe(base);
    expect(Object.keys(ck.optimizer.counts).length * 2).toBe(ck.optimizer.slots.length);
  });

  it('refuses a dataset that does not fit the space', () => {
    expect(() => createTrainer(TINY, dataset(16, 3), CFG)).toThrow('dataset: fashion-mnist has 3 channel(s), space tiny expects 1');
  });
});

describe('fast CPU depthwise filter gradient', () => {
  it('equals the sums written out by hand (k 3 and 5, stride 1 and 2, odd and even sizes)', () => {
    for (const [k, s, h] of [
      [3, 1, 7],
      [5, 1, 8],
      [3, 2, 9],
      [5, 2, 14],
    ] as const) {
      const x = tf.randomNormal([3, h, h, 6], 0, 1, 'float32', k * 10 + s) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, 6, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
      const g = tf.grad((f: tf.Tensor) =>
        tf
          .depthwiseConv2d(x, f as tf.Tensor4D, s, 'same')
          .square()
          .sum(),
      )(w);
      // reference: the same sums by brute force on plain arrays
      const xs = x.arraySync();
      const dy = tf.tidy(() => tf.depthwiseConv2d(x, w, s, 'same').mul(2) as tf.Tensor4D).arraySync();
      const out = Math.ceil(h / s);
      const padTotal = Math.max((out - 1) * s + k - h, 0);
      const top = Math.floor(padTotal / 2);
      const ref: number[] = [];
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++)
          for (let c = 0; c < 6; c++) {
            let acc = 0;
            for (let b = 0; b < 3; b++)
              for (let r = 0; r < out; r++)
                for (let q = 0; q < out; q++) {
                  const xr = r * s + i - top;
                  const xc = q * s + j - top;
                  if (xr >= 0 && xr < h && xc >= 0 && xc < h) acc += at(at(at(at(xs, b), xr), xc), c) * at(at(at(at(dy, b), r), q), c);
                }
            ref.push(acc);
          }
      const got = Array.from(g.dataSync());
      got.forEach((v, i) => expect(v).toBeCloseTo(at(ref, i), 2));
      tf.dispose([x, w, g]);
    }
  });
});

describe('BatchNorm with the written-out gradient', () => {
  it.each([
    ['composite', false],
    ['fused CPU kernels', true],
  ] as const)('gives the gradients of the same BatchNorm left to autodiff (%s)', (_, fused) => {
    const x = tf.randomNormal([37, 5], 0.3, 2, 'float32', 3) as tf.Tensor2D;
    const gamma = tf.randomNormal([5], 1, 0.2, 'float32', 4) as tf.Tensor1D;
    const beta = tf.randomNormal([5], 0, 0.2, 'float32', 5) as tf.Tensor1D;
    const w = tf.randomNormal([37, 5], 0, 1, 'float32', 6);
    // a loss that weights every output differently
    const reference = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Scalar => {
      const { mean, variance } = tf.moments(xx, 0);
      return xx.sub(mean).div(variance.add(1e-5).sqrt()).mul(gg).add(bb).mul(w).sum();
    };
    const ours = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Scalar =>
      batchNormForTest(xx as tf.Tensor2D, gg as tf.Tensor1D, bb as tf.Tensor1D, fused)
        .mul(w)
        .sum();
    const gRef = tf.grads(reference)([x, gamma, beta]);
    const gOurs = tf.grads(ours)([x, gamma, beta]);
    gRef.forEach((g, i) => {
      const a = g.dataSync();
      const b = (gOurs[i] as tf.Tensor).dataSync();
      a.forEach((v, j) => expect(b[j]).toBeCloseTo(v, 3));
    });
    expect(ours(x, gamma, beta).dataSync()[0]).toBeCloseTo(at(reference(x, gamma, beta).dataSync(), 0), 3);
    tf.dispose([x, gamma, beta, w, ...gRef, ...gOurs]);
  });
});
