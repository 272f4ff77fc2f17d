/**
 * Ships a trained supernet (issue 13): from a training checkpoint, writes into `--out` (default
 * public/supernet/) the weights (h4h-supernet/1), the training log, the predictor fitted on
 * supernet-measured random subnets, and manifest.json with every file's size and SHA-256.
 *
 *   npx tsx scripts/ship-supernet.ts measure --checkpoint FILE --count N --seed S --out samples.json
 *   npx tsx scripts/ship-supernet.ts ship --checkpoint FILE --samples a.json[,b.json…] --command "…"
 *
 * `measure` runs in several processes side by side (one per core, disjoint seeds); `ship` merges
 * their samples (duplicates dropped), fits and validates the predictor, evaluates the largest and
 * smallest subnets, and writes the files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { createRng, defaultGenome, getSpace, largestGenome, smallestGenome } from '../src/core/index.js';
import { decodeCheckpoint, encodeSupernet, sha256Hex } from '../src/train/checkpointFile.js';
import { loadPreparedDatasetFromDisk } from '../src/train/dataNode.js';
import {
  LOG_FORMAT,
  MANIFEST_FORMAT,
  PREDICTOR_FORMAT,
  supernetEvaluator,
  type PredictorFile,
  type ShippedSupernet,
  type SupernetManifest,
  type TrainingLog,
} from '../src/train/shipped.js';
import { fitShippedPredictor, PREDICTOR_SEED, testShippedPredictor, type ShippedSample } from '../src/train/shippedPredictor.js';
import { measureSubnets } from '../src/cli/supernet.js';
import { calibrationIndices } from '../src/train/trainer.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    checkpoint: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    samples: { type: 'string' },
    test: { type: 'string' },
    command: { type: 'string' },
    images: { type: 'string' },
    calibration: { type: 'string' },
    id: { type: 'string' },
    label: { type: 'string' },
    'allow-incomplete': { type: 'boolean' },
    sampling: { type: 'string' },
  },
});
const need = (k: keyof typeof values): string => {
  const v = values[k];
  if (typeof v !== 'string') throw new Error(`--${k} is required`);
  return v;
};
const evaluation = { images: Number(values.images ?? 5000), calibrationImages: Number(values.calibration ?? 1024) };
const checkpointBytes = new Uint8Array(readFileSync(need('checkpoint')));
const checkpoint = decodeCheckpoint(checkpointBytes, need('checkpoint'));
const space = getSpace(checkpoint.space);
if (checkpoint.step < checkpoint.config.steps && values['allow-incomplete'] !== true)
  throw new Error(`the run is at step ${checkpoint.step} of ${checkpoint.config.steps}: finish it (or --allow-incomplete)`);
const weights = encodeSupernet(checkpoint, values.command ?? '');

if (positionals[0] === 'measure') {
  const count = Number(need('count'));
  const t0 = performance.now();
  const sampling = values.sampling ?? 'uniform';
  if (sampling !== 'uniform' && sampling !== 'tilted') throw new Error(`--sampling must be uniform or tilted, got ${sampling}`);
  const samples = await measureSubnets(
    space,
    weights,
    count,
    Number(need('seed')),
    evaluation,
    (n) => {
      if (n % 10 === 0) process.stderr.write(`${n}/${count} subnets measured (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    },
    sampling,
  );
  writeFileSync(need('out'), JSON.stringify({ evaluation, weightsSha256: await sha256Hex(weights), samples }));
} else if (positionals[0] === 'ship') {
  const out = values.out ?? join('public', 'supernet');
  const id = values.id ?? `${checkpoint.space}-${checkpoint.dataset}`;
  const weightsSha = await sha256Hex(weights);
  const seen = new Set<string>();
  const read = (files: string): ShippedSample[] => {
    const out: ShippedSample[] = [];
    for (const f of files.split(',')) {
      const doc = JSON.parse(readFileSync(f, 'utf8')) as {
        evaluation: typeof evaluation;
        weightsSha256?: string;
        samples: ShippedSample[];
      };
      if (doc.evaluation.images !== evaluation.images || doc.evaluation.calibrationImages !== evaluation.calibrationImages)
        throw new Error(`${f}: measured with other settings`);
      // files from before the weights' SHA-256 was recorded are taken on --checkpoint's word
      if (doc.weightsSha256 !== undefined && doc.weightsSha256 !== weightsSha)
        throw new Error(`${f}: measured with other weights (SHA-256 ${doc.weightsSha256.slice(0, 12)}…)`);
      for (const s of doc.samples) {
        // a subnet measured twice counts once; one in the fit is never in the test
        const key = JSON.stringify(s.arch);
        if (!seen.has(key)) {
          seen.add(key);
          out.push({ arch: s.arch, accuracy: s.accuracy, sampling: s.sampling ?? 'uniform' });
        }
      }
    }
    return out;
  };
  const samples = read(need('samples'));
  const testSamples = values.test ? read(values.test) : [];
  await tf.setBackend('cpu');
  const ds = await loadPreparedDatasetFromDisk(space.dataset as 'fashion-mnist');
  const ev = supernetEvaluator(space, ds, weights, evaluation);
  const largest = (await ev.evaluate(largestGenome(space))).accuracy;
  const smallest = (await ev.evaluate(smallestGenome(space))).accuracy;
  const presets = [
    { name: 'smallest', arch: smallestGenome(space), accuracy: smallest },
    { name: 'largest', arch: largestGenome(space), accuracy: largest },
    { name: 'default', arch: defaultGenome(space), accuracy: (await ev.evaluate(defaultGenome(space))).accuracy },
  ];
  ev.dispose();
  const fitted = fitShippedPredictor(space, samples, createRng(PREDICTOR_SEED));
  const test = testSamples.length > 0 ? { ...testShippedPredictor(space, fitted.predictor, testSamples), samples: testSamples } : undefined;
  const predictorFile: PredictorFile = {
    format: PREDICTOR_FORMAT,
    space: space.id,
    supernet: id,
    weightsSha256: weightsSha,
    predictor: test ? { ...fitted.predictor, kendallTau: test.kendallTau, heldOut: test.subnets } : fitted.predictor,
    samples,
    evaluation: { split: 'val', ...evaluation },
    validation: fitted.validation,
    macBaseline: fitted.macBaseline,
    ridge: fitted.ridge,
    oneHot: fitted.oneHot,
    bySampling: fitted.bySampling,
    ...(test ? { test } : {}),
    presets,
  };
  const log: TrainingLog = {
    format: LOG_FORMAT,
    supernet: id,
    command: values.command ?? '',
    config: checkpoint.config,
    history: checkpoint.history,
  };
  // the images BatchNorm is recalibrated on, in order, so the page need not fetch the training split
  const pixels = ds.height * ds.width * ds.channels;
  const chosen = calibrationIndices(ds.train.count, { seed: checkpoint.config.seed, calibrationImages: evaluation.calibrationImages });
  if (chosen.length !== evaluation.calibrationImages)
    throw new Error(`--calibration: ${evaluation.calibrationImages} images asked for, the training split has ${ds.train.count}`);
  const calibration = new Uint8Array(chosen.length * pixels);
  chosen.forEach((i, k) => {
    calibration.set(ds.train.images.subarray(i * pixels, (i + 1) * pixels), k * pixels);
  });
  const files: Record<'weights' | 'log' | 'predictor' | 'calibration', [string, Uint8Array]> = {
    weights: [`${id}.safetensors`, weights],
    calibration: [`${id}.calibration.u8`, calibration],
    log: [`${id}.log.json`, new TextEncoder().encode(JSON.stringify(log))],
    predictor: [`${id}.predictor.json`, new TextEncoder().encode(JSON.stringify(predictorFile))],
  };
  mkdirSync(out, { recursive: true });
  const refs = {} as Record<keyof typeof files, { file: string; bytes: number; sha256: string }>;
  for (const [k, [name, bytes]] of Object.entries(files) as [keyof typeof files, [string, Uint8Array]][]) {
    writeFileSync(join(out, name), bytes);
    refs[k] = { file: name, bytes: bytes.length, sha256: await sha256Hex(bytes) };
  }
  const entry: ShippedSupernet = {
    id,
    label: values.label ?? `${space.id} supernet, ${checkpoint.dataset}, ${checkpoint.step} steps`,
    space: space.id,
    dataset: checkpoint.dataset,
    ...refs,
    steps: checkpoint.step,
    configHash: checkpoint.configHash,
    command: values.command ?? '',
    evaluation: { split: 'val', ...evaluation, largest, smallest },
  };
  const manifest: SupernetManifest = { format: MANIFEST_FORMAT, supernets: [entry] };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(
    `${JSON.stringify({ largest, smallest, samples: samples.length, validation: fitted.validation, ridge: fitted.ridge, oneHot: fitted.oneHot, macBaseline: fitted.macBaseline, bySampling: fitted.bySampling, test: test ? { ...test, samples: test.samples.length } : null, bytes: Object.fromEntries(Object.entries(refs).map(([k, r]) => [k, r.bytes])) }, null, 2)}\n`,
  );
} else {
  throw new Error('usage: ship-supernet.ts measure|ship …');
}
