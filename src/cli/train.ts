/**
 * `h4h train`: trains the supernet in Node on TF.js's CPU backend (small runs: tests, a quick look)
 * and prints the loss of every step and the validation accuracy of the largest and smallest subnets.
 * Its data is read by `trainData.ts`.
 */
import { renameSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { createRng, fitAndValidate, sampleGenome, validateTrainConfig, type TrainConfig } from '../core/index.js';
import type { Genome, SearchSpace } from '../core/types.js';
import type { Dataset } from '../train/data.js';
import { CHECKPOINT_MAX_BYTES, decodeCheckpoint, encodeCheckpoint } from '../train/checkpointFile.js';
import { checkpointProblem, createTrainer, type Checkpoint, type EvalLog, type StepLog, type Trainer } from '../train/trainer.js';
import { UsageError } from './args.js';
import { readInputBytes } from './files.js';
import { loadData } from './trainData.js';

export interface TrainArgs {
  readonly space: SearchSpace;
  /** the config fields given on the command line (validated over the defaults) */
  readonly overrides: Partial<Record<keyof TrainConfig, unknown>>;
  /** CIFAR-10: a folder of `*.bin` batches, or one file */
  readonly cifar: string | undefined;
  readonly json: boolean;
  /** after training: evaluate this many random subnets with the supernet and fit the predictor */
  readonly predictor: number;
  /** write a resumable checkpoint file here every `checkpointEvery` steps and at the end */
  readonly checkpoint?: string | undefined;
  /** continue the run saved in `checkpoint` (its settings; only evaluation and checkpoint cadence may change) */
  readonly resume?: boolean | undefined;
  /** stop after this many steps of this invocation (the run stays resumable); for tests and time-boxed sessions */
  readonly stopAfter?: number | undefined;
  /** where the embedded datasets are (prepared there when missing); default public/data */
  readonly dataRoot?: string | undefined;
}

/** Settings that may change when a run resumes (the others fix the data order, sandwich and schedule). */
const RESUMABLE_FIELDS = ['evalEvery', 'evalImages', 'calibrationImages', 'checkpointEvery'] as const;

/** Reads a checkpoint file with a size cap; every problem is a usage error naming --checkpoint. */
export function readCheckpointFile(path: string): Checkpoint {
  const bytes = readInputBytes('--checkpoint', path, CHECKPOINT_MAX_BYTES);
  try {
    return decodeCheckpoint(bytes, `--checkpoint ${path}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Writes a file whole or not at all (a temporary file, then a rename). */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

export interface TrainDocument {
  readonly space: string;
  readonly dataset: string;
  readonly backend: string;
  readonly config: TrainConfig;
  /** the step this invocation started at (0, or where --resume picked the run up) */
  readonly firstStep: number;
  /** steps done when it ended */
  readonly steps: number;
  /** mean loss of the step's sandwich, one number per step of this invocation */
  readonly loss: number[];
  /** the loss of each sampled subnet, per step, in sandwich order */
  readonly losses: { readonly roles: readonly string[]; readonly values: readonly number[] }[];
  /** null when the run stopped before its last step (--stop-after) */
  readonly accuracy: { readonly largest: number; readonly smallest: number } | null;
  readonly evaluatedOn: { readonly split: 'val'; readonly images: number };
  readonly seconds: number;
  readonly imagesPerSecond: number;
  /** with `--predictor N`: the ridge predictor fitted on N supernet-evaluated subnets */
  readonly predictor?: {
    readonly samples: number;
    readonly kendallTau: number | null;
    readonly heldOut: number;
    readonly heldOutRmse: number | null;
    readonly seconds: number;
    /** the supernet-evaluated subnets, to fit other predictors on */
    readonly pairs: readonly { readonly arch: Genome; readonly accuracy: number }[];
  };
}

const f3 = (x: number): string => x.toFixed(3);

function stepLine(log: StepLog, steps: number, ms: number): string {
  const parts = log.roles.map((r, i) => `${r} ${f3(log.losses[i] ?? NaN)}`);
  return `step ${String(log.step + 1).padStart(String(steps).length)}/${steps}  phase ${log.phase}  lr ${log.lr.toExponential(2)}  loss: ${parts.join(', ')}  (${(ms / 1000).toFixed(1)} s)`;
}

const resumeError = (problem: string): UsageError => new UsageError(`--resume: ${problem.replace(/^checkpoint: /, '')}`);

/**
 * The run's settings: the given ones over the defaults, or, resuming, the checkpoint's (given ones
 * must agree with it, except the cadence of evaluations and checkpoints).
 */
function trainConfig(a: TrainArgs, from: Checkpoint | undefined): TrainConfig {
  let base: Record<string, unknown> = { dataset: a.space.dataset, ...a.overrides, space: a.space.id };
  if (from) {
    base = { ...from.config, ...Object.fromEntries(RESUMABLE_FIELDS.filter((k) => k in a.overrides).map((k) => [k, a.overrides[k]])) };
    const asked = validateTrainConfig({ ...from.config, ...a.overrides });
    if (asked.ok) {
      const problem = checkpointProblem(from, a.space, asked.value);
      if (problem) throw resumeError(problem);
    }
  }
  const v = validateTrainConfig(base);
  if (!v.ok) throw new UsageError(v.errors.map((m) => m.replace(/^train\./, '--')).join('; '));
  if (from) {
    const problem = checkpointProblem(from, a.space, v.value);
    if (problem) throw resumeError(problem);
  }
  return v.value;
}

/** The trainer, new or resumed; what it refuses is a usage error naming the option. */
function startTrainer(a: TrainArgs, data: Dataset, cfg: TrainConfig, from: Checkpoint | undefined): Trainer {
  try {
    return createTrainer(a.space, data, cfg, from);
  } catch (e) {
    throw new UsageError(
      (e as Error).message.replace(/^dataset: /, '--dataset: ').replace(/^checkpoint: /, `--checkpoint ${a.checkpoint ?? ''}: `),
    );
  }
}

/** The steps from the trainer's to `last - 1`, with the evaluations and checkpoints due among them; each step's log. */
async function trainSteps(
  trainer: Trainer,
  cfg: TrainConfig,
  a: TrainArgs,
  last: number,
  save: () => Promise<void>,
  write: (s: string) => void,
): Promise<StepLog[]> {
  const logs: StepLog[] = [];
  for (let s = trainer.step; s < last; s++) {
    const ts = performance.now();
    const log = await trainer.trainStep();
    logs.push(log);
    if (!a.json) write(`${stepLine(log, cfg.steps, performance.now() - ts)}\n`);
    const done = s + 1;
    if (cfg.evalEvery > 0 && done % cfg.evalEvery === 0 && done < cfg.steps) {
      const e = await trainer.evaluateExtremes();
      if (!a.json)
        write(`step ${done}: validation accuracy largest ${(e.largest * 100).toFixed(1)} %, smallest ${(e.smallest * 100).toFixed(1)} %\n`);
    }
    if (done % cfg.checkpointEvery === 0 && done < last) await save();
  }
  return logs;
}

/** `--predictor N`: N random subnets evaluated with the trained supernet and the ridge predictor fitted on them. */
async function fitPredictor(
  trainer: Trainer,
  seed: number,
  a: TrainArgs,
  write: (s: string) => void,
): Promise<NonNullable<TrainDocument['predictor']>> {
  const p0 = performance.now();
  const rng = createRng(seed + 1000);
  const samples = [];
  for (let i = 0; i < a.predictor; i++) {
    const genome = sampleGenome(a.space, rng);
    samples.push({ genome, accuracy: await trainer.evaluate(genome) });
    if (!a.json && (i + 1) % 25 === 0) write(`predictor: ${i + 1}/${a.predictor} subnets evaluated\n`);
  }
  const p = fitAndValidate(a.space, samples, createRng(seed + 1001));
  return {
    samples: a.predictor,
    kendallTau: p.kendallTau,
    heldOut: p.heldOut,
    heldOutRmse: p.heldOutRmse,
    seconds: (performance.now() - p0) / 1000,
    pairs: samples.map((x) => ({ arch: x.genome, accuracy: x.accuracy })),
  };
}

/** The run's summary as text: the accuracies (a finished run), the speed, the predictor's τ. */
function summaryText(doc: TrainDocument, steps: number): string {
  const { accuracy: acc, predictor, config: cfg } = doc;
  const images = doc.evaluatedOn.images;
  return (
    (acc
      ? `validation accuracy (${images} ${doc.dataset} images, BatchNorm recalibrated): largest ${(acc.largest * 100).toFixed(1)} %, smallest ${(acc.smallest * 100).toFixed(1)} %\n`
      : '') +
    `${steps} steps of batch ${cfg.batch} in ${doc.seconds.toFixed(1)} s on TF.js ${doc.backend} (${doc.imagesPerSecond.toFixed(1)} training images/s, each through ${2 + cfg.randomSubnets} subnets)\n` +
    (predictor
      ? `predictor: Kendall τ ${predictor.kendallTau?.toFixed(3) ?? '—'} on ${predictor.heldOut} held-out of ${predictor.samples} supernet-evaluated subnets\n`
      : '')
  );
}

/** Runs `train`; resolves to the document it printed. */
export async function runTrain(a: TrainArgs, write: (s: string) => void): Promise<TrainDocument> {
  if (a.space.id === 'nasvit') throw new UsageError('--space: nasvit is estimate-only (ImageNet scale); train mini or mini-cifar');
  if (a.resume && a.checkpoint === undefined) throw new UsageError("--resume: give the run's file with --checkpoint FILE");
  const from = a.resume && a.checkpoint !== undefined ? readCheckpointFile(a.checkpoint) : undefined;
  const cfg = trainConfig(a, from);
  await tf.setBackend('cpu');
  await tf.ready();
  const data = await loadData(cfg, a.cifar, a.dataRoot);
  const trainer = startTrainer(a, data, cfg, from);
  try {
    const t0 = performance.now();
    const first = trainer.step;
    if (from && !a.json) write(`resuming ${a.checkpoint} at step ${first}/${cfg.steps}\n`);
    const save = async (): Promise<void> => {
      if (a.checkpoint === undefined) return;
      writeFileAtomic(a.checkpoint, encodeCheckpoint(await trainer.checkpoint()));
    };
    const last = a.stopAfter !== undefined ? Math.min(cfg.steps, first + a.stopAfter) : cfg.steps;
    const logs = await trainSteps(trainer, cfg, a, last, save, write);
    const seconds = (performance.now() - t0) / 1000;
    const complete = trainer.step >= cfg.steps;
    // a finished run is evaluated before its last checkpoint, so the file's history holds the result
    const acc: EvalLog | null = complete ? await trainer.evaluateExtremes() : null;
    await save();
    if (!complete && !a.json)
      write(
        `stopped at step ${trainer.step}/${cfg.steps}${a.checkpoint !== undefined ? `; continue with --checkpoint ${a.checkpoint} --resume` : ''}\n`,
      );
    const images = cfg.evalImages > 0 ? Math.min(cfg.evalImages, data.val.count) : data.val.count;
    const predictor = a.predictor > 0 && complete ? await fitPredictor(trainer, cfg.seed, a, write) : undefined;
    const doc: TrainDocument = {
      space: a.space.id,
      dataset: data.name,
      backend: tf.getBackend(),
      config: cfg,
      firstStep: first,
      steps: trainer.step,
      loss: logs.map((l) => l.losses.reduce((x, y) => x + y, 0) / l.losses.length),
      losses: logs.map((l) => ({ roles: l.roles, values: l.losses })),
      accuracy: acc ? { largest: acc.largest, smallest: acc.smallest } : null,
      evaluatedOn: { split: 'val', images },
      seconds,
      imagesPerSecond: (logs.length * cfg.batch) / seconds,
      ...(predictor ? { predictor } : {}),
    };
    write(a.json ? `${JSON.stringify(doc)}\n` : summaryText(doc, logs.length));
    return doc;
  } finally {
    trainer.dispose();
  }
}
