/**
 * The options of the supernet commands (`train`, `evaluate`, `predictor`) read and checked into
 * their arguments: the space (a supernet is a preset's), the training settings over the defaults,
 * the subnet to evaluate.
 */
import { largestGenome, presetIdOf, smallestGenome, type TrainConfig } from '../core/index.js';
import { archArg, enumArg, intArg, spaceArg, spaceFileArg, UsageError } from './args.js';
import { str, type Values } from './options.js';
import type { EvaluateArgs } from './supernet.js';
import type { TrainArgs } from './train.js';

/**
 * `--space` for the supernet commands (train, evaluate, predictor): a preset id or a space file, as
 * everywhere; a supernet is the preset's, so a trimmed file stands for its preset — except for
 * training, which would silently train the whole preset: refused there, saying so.
 */
export function supernetSpaceArg(value: string | undefined, command: 'train' | 'evaluate' | 'predictor'): ReturnType<typeof spaceArg> {
  const space = spaceFileArg(value);
  if (!space.id.includes('~')) return space;
  if (command === 'train')
    throw new UsageError(
      `--space: a supernet trains over its whole preset; give "${presetIdOf(space.id)}" (a trimmed space restricts a search, not training)`,
    );
  return spaceArg(presetIdOf(space.id));
}

type Overrides = Partial<Record<keyof TrainConfig, unknown>>;
type IntFlag = readonly [flag: keyof Values, key: keyof TrainConfig, min: number, max: number];

/** The run's size: whole-number options read first. */
const SIZE_INTS: readonly IntFlag[] = [
  ['steps', 'steps', 1, 1_000_000],
  ['batch', 'batch', 1, 1024],
  ['seed', 'seed', 0, 2 ** 31 - 1],
  ['random', 'randomSubnets', 0, 8],
  ['eval-images', 'evalImages', 0, 1_000_000],
];

/** Its cadence: whole-number options read after the data and the optimiser. */
const CADENCE_INTS: readonly IntFlag[] = [
  ['checkpoint-every', 'checkpointEvery', 1, 1_000_000],
  ['eval-every', 'evalEvery', 0, 1_000_000],
  ['warmup', 'warmupSteps', 0, 1_000_000],
  ['calibration-images', 'calibrationImages', 1, 100_000],
];

/** Fractions: the option, the setting, the largest value. */
const FRACTIONS = [
  ['label-smoothing', 'labelSmoothing', 0.5],
  ['phase1-share', 'phase1Share', 1],
] as const;

/** The whole-number options of `flags` that were given, into `overrides`. */
function readInts(v: Values, flags: readonly IntFlag[], overrides: Overrides): void {
  for (const [flag, key, min, max] of flags) {
    const x = str(v, flag);
    if (x !== undefined) overrides[key] = intArg(`--${flag}`, x, 0, min, max);
  }
}

/** The fraction options given, into `overrides`. */
function readFractions(v: Values, overrides: Overrides): void {
  for (const [flag, key, max] of FRACTIONS) {
    const x = str(v, flag);
    if (x === undefined) continue;
    const n = /^\d*\.?\d+$/.test(x) ? Number(x) : NaN;
    if (!(n >= 0 && n <= max)) throw new UsageError(`--${flag}: must be a number 0–${max}, got "${x.slice(0, 30)}"`);
    overrides[key] = n;
  }
}

/** The training settings given on the command line, over the defaults. */
function trainOverrides(v: Values): Overrides {
  const overrides: Overrides = {};
  readInts(v, SIZE_INTS, overrides);
  const dataset = str(v, 'dataset');
  if (dataset !== undefined)
    overrides.dataset = enumArg('--dataset', dataset, ['fashion-mnist', 'mnist', 'cifar10'] as const, 'fashion-mnist');
  const optimizer = str(v, 'optimizer');
  if (optimizer !== undefined) overrides.optimizer = enumArg('--optimizer', optimizer, ['adam', 'sgd'] as const, 'adam');
  const lr = str(v, 'lr');
  if (lr !== undefined) {
    const x = /^\d*\.?\d+(e-?\d+)?$/i.test(lr) ? Number(lr) : NaN;
    if (!(x > 0 && x <= 10)) throw new UsageError(`--lr: must be a number > 0 and ≤ 10, got "${lr.slice(0, 40)}"`);
    overrides.learningRate = x;
  }
  readInts(v, CADENCE_INTS, overrides);
  readFractions(v, overrides);
  const schedule = str(v, 'schedule');
  if (schedule !== undefined) overrides.schedule = enumArg('--schedule', schedule, ['cosine', 'constant'] as const, 'cosine');
  if (v['single-phase'] === true) overrides.twoPhase = false;
  if (v['no-distill'] === true) overrides.distill = false;
  return overrides;
}

/** `h4h train`'s arguments. */
export function trainArgs(v: Values): TrainArgs {
  const space = supernetSpaceArg(str(v, 'space'), 'train');
  const overrides = trainOverrides(v);
  const predictor = intArg('--predictor', str(v, 'predictor'), 0, 0, 10_000);
  if (predictor > 0 && predictor < 10) throw new UsageError(`--predictor: needs at least 10 subnets to fit and validate, got ${predictor}`);
  const stopAfter = str(v, 'stop-after');
  return {
    space,
    overrides,
    cifar: str(v, 'cifar'),
    json: v.json === true,
    predictor,
    checkpoint: str(v, 'checkpoint'),
    resume: v.resume === true,
    stopAfter: stopAfter === undefined ? undefined : intArg('--stop-after', stopAfter, 0, 1, 1_000_000),
  };
}

/** `h4h evaluate`'s arguments: the subnet by `--arch` or `--kind`, one of them. */
export function evaluateArgs(v: Values): EvaluateArgs {
  const space = supernetSpaceArg(str(v, 'space'), 'evaluate');
  const kind = str(v, 'kind');
  const arch = str(v, 'arch');
  if ((kind === undefined) === (arch === undefined))
    throw new UsageError('evaluate: give the subnet with --arch <genome JSON|file> or --kind largest|smallest (one of them)');
  const genome =
    arch !== undefined
      ? archArg(space, arch)
      : enumArg('--kind', kind, ['largest', 'smallest'] as const, 'largest') === 'largest'
        ? largestGenome(space)
        : smallestGenome(space);
  const images = str(v, 'images');
  const calibration = str(v, 'calibration-images');
  return {
    space,
    genome,
    checkpoint: str(v, 'checkpoint'),
    json: v.json === true,
    images: images === undefined ? undefined : intArg('--images', images, 0, 1, 1_000_000),
    calibrationImages: calibration === undefined ? undefined : intArg('--calibration-images', calibration, 0, 1, 100_000),
  };
}
