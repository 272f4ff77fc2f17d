import { maxOf, minOf } from '../numbers.js';
import { z } from '../zod.js';
import { zodMessages, type Validated } from '../model/genome.js';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import { sampleGenome } from '../model/genome.js';
import type { Rng } from '../rng.js';
import type { Genome, SearchSpace } from '../types.js';

/**
 * Everything that determines a supernet training run (SPEC §7). Plain data: it travels in the URL,
 * in checkpoints (as a hash) and to the worker. The defaults train `mini` to a useful supernet in
 * minutes on a laptop GPU.
 */
export interface TrainConfig {
  readonly space: string;
  /** 'fashion-mnist' | 'mnist' | 'cifar10' (bring your own) */
  readonly dataset: string;
  readonly steps: number;
  readonly batch: number;
  readonly seed: number;
  readonly optimizer: 'adam' | 'sgd';
  readonly learningRate: number;
  /** cosine decay to 0 after a linear warm-up, or constant */
  readonly schedule: 'cosine' | 'constant';
  readonly warmupSteps: number;
  /** sandwich rule: random subnets per step besides the largest and the smallest */
  readonly randomSubnets: number;
  /** in-place distillation: all but the largest learn from the largest's soft predictions */
  readonly distill: boolean;
  readonly labelSmoothing: number;
  /** two-phase incremental training: MBConv-only for the first `phase1Share` of the steps */
  readonly twoPhase: boolean;
  readonly phase1Share: number;
  /** checkpoint every N steps (and on pause) */
  readonly checkpointEvery: number;
  /** validate the largest and smallest subnets every N steps (0: only at the end) */
  readonly evalEvery: number;
  /** images of the validation split used to evaluate a subnet (0 = all) */
  readonly evalImages: number;
  /** training images used to recalibrate BatchNorm before an evaluation */
  readonly calibrationImages: number;
}

export const DEFAULT_TRAIN: TrainConfig = {
  space: 'mini',
  dataset: 'fashion-mnist',
  steps: 600,
  batch: 64,
  seed: 1,
  optimizer: 'adam',
  learningRate: 0.003,
  schedule: 'cosine',
  warmupSteps: 20,
  randomSubnets: 2,
  distill: true,
  labelSmoothing: 0.1,
  twoPhase: true,
  phase1Share: 0.5,
  checkpointEvery: 25,
  evalEvery: 100,
  evalImages: 1000,
  calibrationImages: 256,
};

const int = (min: number, max: number) =>
  z
    .number({ error: `must be a whole number ${min}–${max}` })
    .int({ error: `must be a whole number ${min}–${max}` })
    .min(min, { error: `must be ${min}–${max}` })
    .max(max, { error: `must be ${min}–${max}` });
const num = (min: number, max: number) =>
  z
    .number({ error: `must be a number ${min}–${max}` })
    .min(min, { error: `must be ${min}–${max}` })
    .max(max, { error: `must be ${min}–${max}` });

const trainShape = z
  .object({
    space: z.string({ error: 'must be a space id' }),
    dataset: z.enum(['fashion-mnist', 'mnist', 'cifar10'], { error: 'must be "fashion-mnist", "mnist" or "cifar10"' }),
    steps: int(1, 1_000_000),
    batch: int(1, 1024),
    seed: int(0, 2 ** 31 - 1),
    optimizer: z.enum(['adam', 'sgd'], { error: 'must be "adam" or "sgd"' }),
    learningRate: num(1e-6, 10),
    schedule: z.enum(['cosine', 'constant'], { error: 'must be "cosine" or "constant"' }),
    warmupSteps: int(0, 1_000_000),
    randomSubnets: int(0, 8),
    distill: z.boolean({ error: 'must be true or false' }),
    labelSmoothing: num(0, 0.5),
    twoPhase: z.boolean({ error: 'must be true or false' }),
    phase1Share: num(0, 1),
    checkpointEvery: int(1, 1_000_000),
    evalEvery: int(0, 1_000_000),
    evalImages: int(0, 1_000_000),
    calibrationImages: int(1, 100_000),
  })
  .strict();

/** Validates a (partial) training config over the defaults; every message names the field. */
export function validateTrainConfig(input: unknown, base: TrainConfig = DEFAULT_TRAIN): Validated<TrainConfig> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['train: must be an object'] };
  const parsed = trainShape.safeParse({ ...base, ...input });
  if (!parsed.success) return { ok: false, errors: zodMessages(parsed.error).map((m) => `train.${m}`) };
  return { ok: true, value: parsed.data };
}

/** Learning rate at `step` (0-based): linear warm-up, then constant or cosine decay to 0. */
export function learningRateAt(cfg: TrainConfig, step: number): number {
  // the warm-up is at most a tenth of the run, so a short run still trains
  const warmup = Math.min(cfg.warmupSteps, Math.floor(cfg.steps / 10));
  if (step < warmup) return (cfg.learningRate * (step + 1)) / (warmup + 1);
  if (cfg.schedule === 'constant') return cfg.learningRate;
  const t = Math.min(1, (step - warmup) / Math.max(1, cfg.steps - warmup));
  return cfg.learningRate * 0.5 * (1 + Math.cos(Math.PI * t));
}

/** 1 in the MBConv-only phase of two-phase training, else 2 (single-phase runs are all phase 2). */
export function phaseAt(cfg: TrainConfig, step: number): 1 | 2 {
  return cfg.twoPhase && step < Math.round(cfg.steps * cfg.phase1Share) ? 1 : 2;
}

/** The genome with every transformer block turned into MBConv (phase 1 samples only these). */
export function mbOnly(g: Genome): Genome {
  return { ...g, stages: g.stages.map((s) => ({ ...s, t: s.t.map(() => 'mb' as const) })) };
}

export type SandwichRole = 'largest' | 'smallest' | 'random';

/** One sampled subnet of a training step. */
export interface SandwichMember {
  readonly role: SandwichRole;
  readonly genome: Genome;
}

/**
 * The sandwich of one step: the largest and the smallest subnet (by MACs) and n random ones, all
 * MBConv-only in phase 1. In phase 1 the largest/smallest are the MBConv-only extremes: with the
 * block types fixed, MACs grow with every other gene, so max/min of each gene with all-MBConv is it.
 */
export function sandwich(space: SearchSpace, cfg: TrainConfig, step: number, rng: Rng): SandwichMember[] {
  const phase = phaseAt(cfg, step);
  const fix = (g: Genome): Genome => (phase === 1 ? mbOnly(g) : g);
  const members: SandwichMember[] = [
    { role: 'largest', genome: fix(phase === 1 ? mbOnlyGenomeAt(space, 'max') : largestGenome(space)) },
    { role: 'smallest', genome: fix(phase === 1 ? mbOnlyGenomeAt(space, 'min') : smallestGenome(space)) },
  ];
  for (let i = 0; i < cfg.randomSubnets; i++) members.push({ role: 'random', genome: fix(sampleGenome(space, rng)) });
  return members;
}

/**
 * The MBConv-only subnet with every ordered gene at its max (or min): phase 1's largest (smallest)
 * subnet. Not `largestGenome`, the subnet with the most MACs, which may hold transformer blocks.
 */
export function mbOnlyGenomeAt(space: SearchSpace, which: 'max' | 'min'): Genome {
  const pick = (xs: readonly number[]): number => (which === 'max' ? maxOf(xs) : minOf(xs));
  return {
    space: space.id,
    r: pick(space.r),
    stem: pick(space.stem),
    // the head width where it is a gene (`nasvit`), left out at its default as in the canonical form
    ...(space.head && pick(space.head) !== space.headConv ? { head: pick(space.head) } : {}),
    stages: space.stages.map((s) => {
      const d = pick(s.d);
      return { c: pick(s.c), d, k: pick(s.k), e: pick(s.e), t: Array.from({ length: d }, () => 'mb' as const), m: pick(s.m) };
    }),
  };
}

/**
 * The settings a checkpoint depends on: the data order, the sandwich and the schedule (which follows
 * `steps`: the learning-rate horizon and the phase boundary). Evaluation and checkpoint cadence may
 * change on resume.
 */
export const HASHED_FIELDS = [
  'space',
  'dataset',
  'steps',
  'seed',
  'optimizer',
  'learningRate',
  'schedule',
  'warmupSteps',
  'randomSubnets',
  'distill',
  'labelSmoothing',
  'twoPhase',
  'phase1Share',
  'batch',
] as const satisfies readonly (keyof TrainConfig)[];

/** A short stable hash of `HASHED_FIELDS`. */
export function trainConfigHash(cfg: TrainConfig): string {
  const key = JSON.stringify(HASHED_FIELDS.map((k) => cfg[k]));
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** What one step did. Losses are in the order of `roles`. */
export interface StepLog {
  /** 0-based index of the step */
  readonly step: number;
  readonly phase: 1 | 2;
  readonly lr: number;
  readonly roles: readonly SandwichRole[];
  readonly losses: readonly number[];
}

/** Validation accuracy of the largest and smallest subnets at a step. */
export interface EvalLog {
  readonly step: number;
  readonly largest: number;
  readonly smallest: number;
}

export interface TrainHistory {
  readonly steps: readonly StepLog[];
  readonly evals: readonly EvalLog[];
}

/** Training throughput of one subnet on one backend (src/train/bench.ts, `npm run bench`). */
export interface SubnetTrainBench {
  readonly subnet: 'largest' | 'smallest';
  readonly batch: number;
  /** timed steps, after untimed warm-up ones (kernel compilation, allocation) */
  readonly steps: number;
  readonly msPerStep: number;
  readonly imagesPerSec: number;
  /** peak bytes TF.js held during one step (tf.profile), variables and optimiser state included */
  readonly peakBytes: number;
  /** kernels run in one step (tf.profile) and, on WebGPU, GPU programs dispatched in it */
  readonly perStep?: { readonly kernels: number; readonly dispatches?: number };
}

export interface TrainBench {
  readonly backend: string;
  readonly rows: readonly SubnetTrainBench[];
}
