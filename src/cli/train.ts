/**
 * `h4h train`: trains the supernet in Node on TF.js's CPU backend (small runs: tests, a quick look)
 * and prints the loss of every step and the validation accuracy of the largest and smallest subnets.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createRng, fitAndValidate, sampleGenome, validateTrainConfig, type TrainConfig } from '../core/index.js';
import type { Genome, SearchSpace } from '../core/types.js';
import { parseCifarBatches, type Dataset } from '../train/data.js';
import { loadPreparedDatasetFromDisk } from '../train/dataNode.js';
import { createTrainer, type EvalLog, type StepLog } from '../train/trainer.js';
import { UsageError } from './args.js';

export interface TrainArgs {
  readonly space: SearchSpace;
  /** the config fields given on the command line (validated over the defaults) */
  readonly overrides: Partial<Record<keyof TrainConfig, unknown>>;
  /** CIFAR-10: a folder of `*.bin` batches, or one file */
  readonly cifar: string | undefined;
  readonly json: boolean;
  /** after training: evaluate this many random subnets with the supernet and fit the predictor */
  readonly predictor: number;
}

export interface TrainDocument {
  readonly space: string;
  readonly dataset: string;
  readonly backend: string;
  readonly config: TrainConfig;
  /** mean loss of the step's sandwich, one number per step */
  readonly loss: number[];
  /** the loss of each sampled subnet, per step, in sandwich order */
  readonly losses: { readonly roles: readonly string[]; readonly values: readonly number[] }[];
  readonly accuracy: { readonly largest: number; readonly smallest: number };
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

function loadCifar(path: string): Dataset {
  let names: string[];
  try {
    names = statSync(path).isDirectory() ? readdirSync(path).filter((n) => n.endsWith('.bin')).sort().map((n) => join(path, n)) : [path];
  } catch {
    throw new UsageError(`--cifar: cannot read "${path}" (give the folder of the binary version's data_batch_*.bin, or one .bin file)`);
  }
  try {
    return parseCifarBatches(names.map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(n)) })));
  } catch (e) {
    throw new UsageError(`--cifar: ${(e as Error).message}`);
  }
}

async function loadData(cfg: TrainConfig, cifar: string | undefined): Promise<Dataset> {
  if (cfg.dataset === 'cifar10') {
    if (cifar === undefined) throw new UsageError('--cifar: CIFAR-10 is not embedded; give the folder of its binary batches (data_batch_*.bin)');
    return loadCifar(cifar);
  }
  if (cifar !== undefined) throw new UsageError(`--cifar: applies to --dataset cifar10, not ${cfg.dataset}`);
  try {
    return await loadPreparedDatasetFromDisk(cfg.dataset as 'fashion-mnist' | 'mnist');
  } catch (e) {
    throw new UsageError(`--dataset: ${(e as Error).message}`);
  }
}

const f3 = (x: number): string => x.toFixed(3);

function stepLine(log: StepLog, steps: number, ms: number): string {
  const parts = log.roles.map((r, i) => `${r} ${f3(log.losses[i] as number)}`);
  return `step ${String(log.step + 1).padStart(String(steps).length)}/${steps}  phase ${log.phase}  lr ${log.lr.toExponential(2)}  loss: ${parts.join(', ')}  (${(ms / 1000).toFixed(1)} s)`;
}

/** Runs `train`; resolves to the document it printed. */
export async function runTrain(a: TrainArgs, write: (s: string) => void): Promise<TrainDocument> {
  if (a.space.id === 'nasvit') throw new UsageError('--space: nasvit is estimate-only (ImageNet scale); train mini or mini-cifar');
  const v = validateTrainConfig({ dataset: a.space.dataset, ...a.overrides, space: a.space.id });
  if (!v.ok) throw new UsageError(v.errors.map((m) => m.replace(/^train\./, '--')).join('; '));
  const cfg = v.value;
  await tf.setBackend('cpu');
  await tf.ready();
  const data = await loadData(cfg, a.cifar);
  let trainer;
  try {
    trainer = createTrainer(a.space, data, cfg);
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^dataset: /, '--dataset: '));
  }
  try {
    const t0 = performance.now();
    const logs: StepLog[] = [];
    for (let s = 0; s < cfg.steps; s++) {
      const ts = performance.now();
      const log = await trainer.trainStep();
      logs.push(log);
      if (!a.json) write(`${stepLine(log, cfg.steps, performance.now() - ts)}\n`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const acc: EvalLog = await trainer.evaluateExtremes();
    const images = cfg.evalImages > 0 ? Math.min(cfg.evalImages, data.val.count) : data.val.count;
    let predictor: TrainDocument['predictor'];
    if (a.predictor > 0) {
      const p0 = performance.now();
      const rng = createRng(cfg.seed + 1000);
      const samples = [];
      for (let i = 0; i < a.predictor; i++) {
        const genome = sampleGenome(a.space, rng);
        samples.push({ genome, accuracy: await trainer.evaluate(genome) });
        if (!a.json && (i + 1) % 25 === 0) write(`predictor: ${i + 1}/${a.predictor} subnets evaluated\n`);
      }
      const p = fitAndValidate(a.space, samples, createRng(cfg.seed + 1001));
      predictor = {
        samples: a.predictor, kendallTau: p.kendallTau, heldOut: p.heldOut, heldOutRmse: p.heldOutRmse, seconds: (performance.now() - p0) / 1000,
        pairs: samples.map((x) => ({ arch: x.genome, accuracy: x.accuracy })),
      };
    }
    const doc: TrainDocument = {
      space: a.space.id,
      dataset: data.name,
      backend: tf.getBackend(),
      config: cfg,
      loss: logs.map((l) => l.losses.reduce((x, y) => x + y, 0) / l.losses.length),
      losses: logs.map((l) => ({ roles: l.roles, values: l.losses })),
      accuracy: { largest: acc.largest, smallest: acc.smallest },
      evaluatedOn: { split: 'val', images },
      seconds,
      imagesPerSecond: (cfg.steps * cfg.batch) / seconds,
      ...(predictor ? { predictor } : {}),
    };
    write(a.json
      ? `${JSON.stringify(doc)}\n`
      : `validation accuracy (${images} ${data.name} images, BatchNorm recalibrated): largest ${(acc.largest * 100).toFixed(1)} %, smallest ${(acc.smallest * 100).toFixed(1)} %\n` +
        `${cfg.steps} steps of batch ${cfg.batch} in ${seconds.toFixed(1)} s on TF.js ${tf.getBackend()} (${doc.imagesPerSecond.toFixed(1)} training images/s, each through ${2 + cfg.randomSubnets} subnets)\n` +
        (predictor ? `predictor: Kendall τ ${predictor.kendallTau?.toFixed(3) ?? '—'} on ${predictor.heldOut} held-out of ${predictor.samples} supernet-evaluated subnets\n` : ''));
    return doc;
  } finally {
    trainer.dispose();
  }
}
