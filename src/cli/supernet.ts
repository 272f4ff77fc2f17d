/**
 * `h4h evaluate` and `h4h predictor` (issue 13): the shipped supernet's accuracy for a subnet, the
 * shipped predictor's validation, and `predictor fit`, which measures random subnets with a supernet
 * and fits the predictor the app ships. Files are read from `public/supernet/` (the manifest names
 * them and their SHA-256) or given with --checkpoint.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { at, createRng, sampleGenome, sampleGenomeTilted, type Genome, type SearchSpace } from '../core/index.js';
import { CHECKPOINT_MAX_BYTES, sha256Hex } from '../train/checkpointFile.js';
import { loadEmbeddedDataset } from './datasets.js';
import {
  parseManifest,
  parsePredictorFile,
  SHIPPED_DIR,
  SHIPPED_JSON_MAX_BYTES,
  shippedFor,
  supernetEvaluator,
  verified,
  type PredictorFile,
  type ShippedSupernet,
} from '../train/shipped.js';
import { UsageError } from './args.js';
import { readInputBytes } from './files.js';

/** Where `npm start` serves the shipped files from, relative to the working directory. */
export const SHIPPED_ROOT = join('public', SHIPPED_DIR);
/** Calibration images when no manifest says otherwise. */
export const DEFAULT_CALIBRATION = 1024;

/** The shipped supernet of `space` from the manifest on disk, or null. */
export function shippedEntry(space: SearchSpace, root = SHIPPED_ROOT): ShippedSupernet | null {
  let text: string;
  try {
    text = new TextDecoder().decode(readInputBytes('manifest', join(root, 'manifest.json'), SHIPPED_JSON_MAX_BYTES));
  } catch {
    return null;
  }
  try {
    return shippedFor(parseManifest(JSON.parse(text), join(root, 'manifest.json')), space.id);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A file of the shipped supernet, checked against the manifest's SHA-256 (a usage error naming it otherwise). */
export async function shippedFile(entry: ShippedSupernet, which: 'weights' | 'predictor' | 'log', root: string): Promise<Uint8Array> {
  const ref = entry[which];
  try {
    return await verified(readInputBytes(which, join(root, ref.file), CHECKPOINT_MAX_BYTES), ref);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export interface EvaluateArgs {
  readonly space: SearchSpace;
  readonly genome: Genome;
  readonly checkpoint: string | undefined;
  readonly images: number | undefined;
  readonly calibrationImages: number | undefined;
  readonly json: boolean;
}

export interface EvaluateDocument {
  readonly space: string;
  readonly arch: Genome;
  readonly accuracy: number;
  readonly images: number;
  readonly calibrationImages: number;
  readonly checkpoint: { readonly file: string; readonly sha256: string; readonly steps: number };
  /** the shipped supernet's id when its weights were used */
  readonly supernet: string | null;
}

/** `h4h evaluate`: one subnet's validation accuracy with the shipped supernet or a checkpoint. */
export async function runEvaluate(a: EvaluateArgs, write: (s: string) => void, root = SHIPPED_ROOT): Promise<EvaluateDocument> {
  const entry = shippedEntry(a.space, root);
  let bytes: Uint8Array;
  let file: string;
  if (a.checkpoint !== undefined) {
    bytes = readInputBytes('--checkpoint', a.checkpoint, CHECKPOINT_MAX_BYTES);
    file = a.checkpoint;
  } else {
    if (!entry)
      throw new UsageError(
        `--checkpoint: no supernet is shipped for space "${a.space.id}"; give a checkpoint file (h4h train --checkpoint FILE)`,
      );
    bytes = await shippedFile(entry, 'weights', root);
    file = join(root, entry.weights.file);
  }
  const images = a.images ?? entry?.evaluation.images ?? 5000;
  const calibrationImages = a.calibrationImages ?? entry?.evaluation.calibrationImages ?? DEFAULT_CALIBRATION;
  await tf.setBackend('cpu');
  await tf.ready();
  let evaluator;
  try {
    const ds = await loadEmbeddedDataset(a.space.dataset as 'fashion-mnist' | 'mnist');
    evaluator = supernetEvaluator(a.space, ds, bytes, { images, calibrationImages }, `--checkpoint ${file}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  try {
    const r = await evaluator.evaluate(a.genome);
    const sha256 = await sha256Hex(bytes);
    const doc: EvaluateDocument = {
      space: a.space.id,
      arch: a.genome,
      accuracy: r.accuracy,
      images: r.images,
      calibrationImages,
      checkpoint: { file, sha256, steps: evaluator.weights.step },
      supernet: entry && a.checkpoint === undefined ? entry.id : null,
    };
    write(
      a.json
        ? `${JSON.stringify(doc)}\n`
        : `accuracy ${(r.accuracy * 100).toFixed(2)} % on ${r.images} ${a.space.dataset} validation images (BatchNorm recalibrated on ${calibrationImages} training images)\n` +
            `supernet ${file} (${evaluator.weights.step} steps, SHA-256 ${sha256.slice(0, 16)}…)\n`,
    );
    return doc;
  } finally {
    evaluator.dispose();
  }
}

/** `h4h predictor`: what the shipped predictor says about itself. */
export async function runPredictorInfo(
  space: SearchSpace,
  json: boolean,
  write: (s: string) => void,
  root = SHIPPED_ROOT,
): Promise<PredictorFile> {
  const entry = shippedEntry(space, root);
  if (!entry) throw new UsageError(`--space: no predictor is shipped for space "${space.id}"`);
  const bytes = await shippedFile(entry, 'predictor', root);
  let file: PredictorFile;
  try {
    file = parsePredictorFile(JSON.parse(new TextDecoder().decode(bytes)), entry.predictor.file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = file.validation;
  const doc = {
    space: file.space,
    supernet: file.supernet,
    kind: file.predictor.kind,
    samples: file.samples.length,
    kendallTau: v.kendallTau,
    heldOut: v.heldOut,
    splits: { count: v.splits, mean: v.mean, min: v.min, max: v.max, sd: v.sd },
    macBaseline: {
      kendallTau: file.macBaseline.kendallTau,
      mean: file.macBaseline.mean,
      min: file.macBaseline.min,
      max: file.macBaseline.max,
    },
    ...(file.bySampling ? { bySampling: file.bySampling } : {}),
    ...(file.test
      ? { test: { subnets: file.test.subnets, kendallTau: file.test.kendallTau, macs: file.test.macs, bySampling: file.test.bySampling } }
      : {}),
    evaluation: file.evaluation,
  };
  const kinds = Object.entries(file.bySampling ?? {})
    .map(
      ([kind, t]) =>
        `  ${kind} subnets only (${t.predictor.heldOut} held out): τ ${t.predictor.kendallTau.toFixed(3)}, ${t.predictor.mean.toFixed(3)} mean over the splits; MACs alone ${t.macs.mean.toFixed(3)} mean\n`,
    )
    .join('');
  const t = file.test;
  const apart = t
    ? `on ${t.subnets} subnets measured apart (never fitted on): Kendall τ ${t.kendallTau.toFixed(3)}, MACs alone ${t.macs.toFixed(3)}\n` +
      Object.entries(t.bySampling)
        .map(([kind, k]) => `  ${kind} subnets only (${k.subnets}): τ ${k.kendallTau.toFixed(3)}, MACs alone ${k.macs.toFixed(3)}\n`)
        .join('')
    : '';
  write(
    json
      ? `${JSON.stringify(doc)}\n`
      : `predictor (${file.predictor.kind}) of ${file.supernet}, fitted on ${file.samples.length} supernet-measured subnets\n` +
          apart +
          `over ${v.splits} random splits (${v.heldOut} held out, refitted on the rest): τ ${v.mean.toFixed(3)} mean, ${v.min.toFixed(3)}–${v.max.toFixed(3)} (sd ${v.sd.toFixed(3)}); MACs alone: τ ${file.macBaseline.mean.toFixed(3)} mean\n` +
          kinds,
  );
  return file;
}

/** How random subnets are drawn: `sampleGenome` (every choice equally likely) or `sampleGenomeTilted` (across sizes). */
export type SubnetSampling = 'uniform' | 'tilted';
export interface MeasuredSubnet {
  readonly arch: Genome;
  readonly accuracy: number;
  readonly sampling: SubnetSampling;
  readonly hits: string;
}

/**
 * Measures `count` random subnets with a supernet file (progress to `progress`). Each sample also
 * says which validation images it classified right (`hits`: one bit per image, base64), so the
 * measurement's own noise can be estimated (split halves, bootstrap).
 */
export async function measureSubnets(
  space: SearchSpace,
  bytes: Uint8Array,
  count: number,
  seed: number,
  evaluation: { images: number; calibrationImages: number },
  progress: (done: number) => void,
  sampling: SubnetSampling = 'uniform',
): Promise<MeasuredSubnet[]> {
  await tf.setBackend('cpu');
  await tf.ready();
  const ds = await loadEmbeddedDataset(space.dataset as 'fashion-mnist' | 'mnist');
  const evaluator = supernetEvaluator(space, ds, bytes, evaluation);
  try {
    const rng = createRng(seed);
    const out: MeasuredSubnet[] = [];
    const hits = new Uint8Array(ds.val.count);
    const seen = new Set<string>();
    while (out.length < count) {
      const g = sampling === 'tilted' ? sampleGenomeTilted(space, rng) : sampleGenome(space, rng);
      const key = JSON.stringify(g);
      if (seen.has(key)) continue;
      seen.add(key);
      const r = await evaluator.evaluate(g, undefined, hits);
      out.push({ arch: g, accuracy: r.accuracy, sampling, hits: packBits(hits.subarray(0, r.images)) });
      progress(out.length);
    }
    return out;
  } finally {
    evaluator.dispose();
  }
}

/** 0/1 bytes as bits (first image in the lowest bit of the first byte), base64. */
export function packBits(bits: Uint8Array): string {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) bytes[i >> 3] = at(bytes, i >> 3) | (1 << (i & 7));
  });
  return Buffer.from(bytes).toString('base64');
}
