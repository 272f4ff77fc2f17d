import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateGenome } from '../core/model/genome.js';
import { createRng } from '../core/rng.js';
import { MINI, MINI_CIFAR } from '../core/model/spaces.js';
import { DEFAULT_TRAIN } from '../core/training/trainConfig.js';
import type { BlockType, Genome, SearchSpace, StageGenome } from '../core/types.js';
import type { Dataset, Split } from './data.js';
import { exportFiles, exportSubnet, INPUT_NAME, OUTPUT_NAME } from './export.js';
import { createSupernet, disposeSupernet, forward, type BnStats, type Params } from './supernet.js';
import { createTrainer, imagesTensor } from './trainer.js';

const st = (c: number, d: number, k: number, e: number, t: BlockType[], m = 1): StageGenome => ({ c, d, k, e, t, m });

interface Case {
  readonly name: string;
  readonly space: SearchSpace;
  readonly genome: Genome;
}

/** Every block kind: MBConv e = 1 and e > 1, with and without residual, ViT m 1 and 2, k 3 and 5, resized and not. */
const CASES: Case[] = [
  {
    name: 'mini, largest hybrid, r = input (no resize), residual MBConv e=2, ViT m=2, k=5',
    space: MINI,
    genome: {
      space: 'mini',
      r: 28,
      stem: 16,
      stages: [
        st(16, 2, 5, 2, ['mb', 'mb']),
        st(24, 3, 5, 4, ['mb', 'mb', 'mb']),
        st(32, 3, 5, 4, ['mb', 'vit', 'vit'], 2),
        st(48, 3, 5, 4, ['mb', 'vit', 'mb'], 2),
      ],
    },
  },
  {
    name: 'mini, small, r=20 (resize), residual MBConv e=1, ViT m=1, k=3',
    space: MINI,
    genome: {
      space: 'mini',
      r: 20,
      stem: 8,
      stages: [st(8, 1, 3, 1, ['mb']), st(16, 1, 3, 2, ['mb']), st(24, 2, 3, 2, ['mb', 'vit']), st(32, 2, 3, 3, ['mb', 'vit'])],
    },
  },
  {
    name: 'mini-cifar, r=24 (resize), non-residual MBConv e=1, mixed k, ViT m 1 and 2',
    space: MINI_CIFAR,
    genome: {
      space: 'mini-cifar',
      r: 24,
      stem: 16,
      stages: [
        st(8, 1, 3, 1, ['mb']),
        st(24, 2, 5, 3, ['mb', 'mb']),
        st(32, 3, 5, 2, ['mb', 'vit', 'vit']),
        st(48, 2, 3, 4, ['mb', 'vit'], 2),
      ],
    },
  },
  {
    name: 'mini-cifar, largest MBConv-only, r=32 (no resize)',
    space: MINI_CIFAR,
    genome: {
      space: 'mini-cifar',
      r: 32,
      stem: 16,
      stages: [
        st(16, 2, 5, 2, ['mb', 'mb']),
        st(24, 3, 5, 4, ['mb', 'mb', 'mb']),
        st(32, 3, 5, 4, ['mb', 'mb', 'mb'], 2),
        st(48, 3, 5, 4, ['mb', 'mb', 'mb'], 2),
      ],
    },
  },
];

/** Uint8 pixels, seeded. */
function pixels(n: number, side: number, channels: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: n * side * side * channels }, () => rng.int(256));
}

const split = (images: Uint8Array, n: number): Split => ({ images, labels: new Uint8Array(n), count: n });

function fakeDataset(space: SearchSpace, side: number, seed: number): Dataset {
  const s = (n: number, k: number): Split => split(pixels(n, side, space.inputChannels, seed + k), n);
  return {
    name: space.dataset,
    label: 'random pixels',
    classes: space.classes,
    classNames: Array.from({ length: space.classes }, (_, i) => `class ${i}`),
    height: side,
    width: side,
    channels: space.inputChannels,
    train: s(32, 0),
    val: s(8, 1),
    test: s(8, 2),
  };
}

/** Non-trivial weights everywhere: BatchNorm and LayerNorm not identity, attention not uniform, biases non-zero. */
function perturb(params: Params, seed: number): void {
  let n = 0;
  for (const [name, v] of params) {
    tf.tidy(() => {
      const noise = tf.randomNormal(v.shape, 0, 1, 'float32', seed * 7919 + n++);
      if (name.endsWith('gamma')) v.assign(noise.mul(0.3).add(1));
      else if (name.endsWith('beta') || name.endsWith('bias')) v.assign(noise.mul(0.2));
      else if (name.includes('.vit.')) v.assign(noise.mul(1.5 / Math.sqrt(at(v.shape, 0))));
    });
  }
}

/** BatchNorm statistics of one batch (the trainer's `recalibrate` over a single batch). */
function calibrate(space: SearchSpace, params: Params, g: Genome, x: tf.Tensor4D): BnStats {
  const stats = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }>();
  tf.tidy(() => {
    forward(space, params, g, x, {
      kind: 'calibrate',
      record: (name, mean, variance) => stats.set(name, { mean: tf.keep(mean.clone()), variance: tf.keep(variance.clone()) }),
    });
  });
  return stats;
}

const disposeStats = (stats: BnStats): void => {
  for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
};

/** Largest |a − b| and largest |b|. */
async function diff(a: tf.Tensor, b: tf.Tensor): Promise<{ maxAbs: number; scale: number }> {
  expect(a.shape).toEqual(b.shape);
  const [av, bv] = [await a.data(), await b.data()];
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < av.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(at(av, i) - at(bv, i)));
    scale = Math.max(scale, Math.abs(at(bv, i)));
  }
  return { maxAbs, scale };
}

/** A `fetch` serving exported files under http://h4h.test/models/. */
const serve =
  (files: Record<string, string | ArrayBuffer>) =>
  (url: string | URL | Request): Promise<Response> => {
    const path = (url instanceof Request ? url.url : String(url)).replace('http://h4h.test/models/', '');
    const body = files[path];
    return Promise.resolve(body === undefined ? new Response('not found', { status: 404 }) : new Response(body));
  };

let worst = 0;
let worstRel = 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterAll(() => {
  console.log(
    `export: largest |graph − forward| over all cases ${worst.toExponential(2)} (relative to the largest |logit| ${worstRel.toExponential(2)})`,
  );
});

describe('exportSubnet', () => {
  it.each(CASES)(
    '$name: the graph model predicts what forward predicts',
    async ({ space, genome }) => {
      expect(validateGenome(space, genome).ok).toBe(true);
      const side = Math.max(...space.r);
      const ds = fakeDataset(space, side, 11);
      const params = createSupernet(space, 5);
      perturb(params, 5);
      const calib = imagesTensor(
        ds,
        ds.train,
        Array.from({ length: 32 }, (_, i) => i),
      );
      const stats = calibrate(space, params, genome, calib);
      const idx = [0, 1, 2, 3];
      const normalised = imagesTensor(ds, ds.test, idx);
      const raw = tf.tensor4d(Float32Array.from(ds.test.images.subarray(0, 4 * side * side * space.inputChannels)), [
        4,
        side,
        side,
        space.inputChannels,
      ]);
      const want = tf.tidy(() => forward(space, params, genome, normalised, { kind: 'eval', stats }));
      const baseline = tf.memory().numTensors;

      const artifacts = await exportSubnet(space, params, genome, stats, { dataset: ds.name, classNames: ds.classNames });
      expect(tf.memory().numTensors).toBe(baseline);
      const nodes = (artifacts.modelTopology as { node: { op: string }[] }).node;
      expect(nodes.some((n) => n.op === 'ResizeBilinear')).toBe(genome.r !== side);
      const vits = genome.stages.reduce((k, s) => k + s.t.filter((t) => t === 'vit').length, 0);
      expect(nodes.filter((n) => n.op === 'Softmax')).toHaveLength(vits);
      expect(new Set(nodes.map((n) => n.op))).toEqual(
        new Set([
          'Placeholder',
          'Const',
          'RealDiv',
          'Sub',
          'Conv2D',
          'DepthwiseConv2dNative',
          'BiasAdd',
          'Relu6',
          'AddV2',
          'Mean',
          'MatMul',
          ...(genome.r !== side ? ['ResizeBilinear'] : []),
          ...(vits > 0 ? ['Reshape', 'Transpose', 'BatchMatMulV2', 'Softmax', 'Mul', 'Square', 'Rsqrt', 'Sigmoid'] : []),
        ]),
      );

      // in memory
      const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
      expect(model.inputs[0]?.shape).toEqual([-1, side, side, space.inputChannels]);
      expect(model.outputs[0]?.name).toBe(OUTPUT_NAME);
      const got = model.predict(raw) as tf.Tensor;
      const d = await diff(got, want);
      expect(d.maxAbs / d.scale).toBeLessThan(1e-4);
      worst = Math.max(worst, d.maxAbs);
      worstRel = Math.max(worstRel, d.maxAbs / d.scale);
      // the check can fail: the logits differ between images and from the untrained-statistics forward
      const spread = tf.tidy(() => at(tf.moments(want, 0).variance.mean().sqrt().dataSync(), 0));
      expect(spread).toBeGreaterThan(1e-2);
      const trainMode = tf.tidy(() => forward(space, params, genome, normalised.slice(0, 2)));
      const gotHead = got.slice(0, 2);
      expect((await diff(gotHead, trainMode)).maxAbs).toBeGreaterThan(1e-3);

      // as files, loaded over "http" as a user would: model.json names its weights file
      const files = exportFiles(artifacts, 'subnet.weights.bin');
      const json = JSON.parse(files['model.json']) as {
        format: string;
        weightsManifest: { paths: string[] }[];
        userDefinedMetadata: Record<string, unknown>;
      };
      expect(json.format).toBe('graph-model');
      expect(json.weightsManifest[0]?.paths).toEqual(['subnet.weights.bin']);
      expect(json.userDefinedMetadata).toMatchObject({
        generatedBy: 'H4H Explorer',
        space: space.id,
        genome,
        dataset: ds.name,
        classNames: ds.classNames,
        input: { name: INPUT_NAME, range: [0, 255], resolution: genome.r },
      });
      const fromFiles = await tf.loadGraphModel('http://h4h.test/models/model.json', {
        fetchFunc: serve({ 'model.json': files['model.json'], 'subnet.weights.bin': files['weights.bin'] }),
      });
      const got2 = fromFiles.execute({ [INPUT_NAME]: raw }, OUTPUT_NAME) as tf.Tensor;
      expect((await diff(got2, got)).maxAbs).toBe(0);

      tf.dispose([got, got2, gotHead, trainMode]);
      model.dispose();
      fromFiles.dispose();
      expect(tf.memory().numTensors).toBe(baseline);
      tf.dispose([calib, normalised, raw, want]);
      disposeStats(stats);
      disposeSupernet(params);
      // the largest hybrid builds and runs three graphs: seconds on a loaded 2-core machine
    },
    60_000,
  );

  it('reports the size of the largest mini subnet', async () => {
    const { space, genome } = CASES[0] as Case;
    const params = createSupernet(space, 1);
    const x = tf.randomUniform([8, 28, 28, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const stats = calibrate(space, params, genome, x);
    const allMb: Genome = { ...genome, stages: genome.stages.map((s) => ({ ...s, t: s.t.map(() => 'mb' as const) })) };
    const statsMb = calibrate(space, params, allMb, x);
    for (const [g, s, label] of [
      [genome, stats, 'hybrid'],
      [allMb, statsMb, 'MBConv-only'],
    ] as const) {
      const files = exportFiles(await exportSubnet(space, params, g, s));
      const weights = files['weights.bin'].byteLength;
      console.log(`export: largest mini ${label}: model.json ${files['model.json'].length} B, weights ${weights} B`);
      expect(weights).toBeGreaterThan(10_000);
    }
    tf.dispose(x);
    disposeStats(stats);
    disposeStats(statsMb);
    disposeSupernet(params);
  });

  it('refuses a subnet without BatchNorm statistics', async () => {
    const params = createSupernet(MINI, 1);
    await expect(exportSubnet(MINI, params, (CASES[1] as Case).genome, new Map())).rejects.toThrow(/no BatchNorm statistics for stem.bn/);
    disposeSupernet(params);
  });
});

describe('Trainer.exportSubnet', () => {
  it('exports with recalibrated statistics and the dataset in the metadata', async () => {
    const { genome } = CASES[1] as Case;
    const ds = fakeDataset(MINI, 28, 21);
    const trainer = createTrainer(MINI, ds, { ...DEFAULT_TRAIN, batch: 16, calibrationImages: 32 });
    perturb(trainer.params, 9);
    const artifacts = await trainer.exportSubnet(genome);
    expect(artifacts.userDefinedMetadata).toMatchObject({ dataset: ds.name, classNames: ds.classNames });
    const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    const idx = [0, 1, 2, 3, 4, 5];
    const raw = tf.tensor4d(Float32Array.from(ds.val.images.subarray(0, idx.length * 28 * 28)), [idx.length, 28, 28, 1]);
    const stats = trainer.bnStats(genome);
    const want = tf.tidy(() => forward(MINI, trainer.params, genome, imagesTensor(ds, ds.val, idx), { kind: 'eval', stats }));
    const got = model.predict(raw) as tf.Tensor;
    const d = await diff(got, want);
    expect(d.maxAbs / d.scale).toBeLessThan(1e-4);
    worst = Math.max(worst, d.maxAbs);
    worstRel = Math.max(worstRel, d.maxAbs / d.scale);
    tf.dispose([raw, want, got]);
    disposeStats(stats);
    model.dispose();
    trainer.dispose();
  });
});
