import { parseArgs } from 'node:util';
import {
  BRANCHES_NOTE,
  createRng,
  estimateDocument,
  hasBranches,
  LimitError,
  presetIdOf,
  estimateGenome,
  estimateLayers,
  expandModel,
  largestGenome,
  macRange,
  sampleGenome,
  SCHEMA_LABELS,
  smallestGenome,
  spaceSize,
  type Estimate,
  type TrainConfig,
  type HeteroObjective,
  type SchemaId,
  type System,
  calibrated,
  calibrationLabel,
  type HwParams,
} from '../core/index.js';
import { fitCalibration, parseMeasurements, type CalibrationFit } from '../core/hardware/calibrationFit.js';
import { readInputText } from './files.js';
import {
  archArg,
  enumArg,
  hwArg,
  intArg,
  jsonArg,
  modelSourceArg,
  schemaArg,
  spaceArg,
  spaceFileArg,
  tableArg,
  UsageError,
} from './args.js';
import { estimateText, spaceText } from './text.js';
import { networkSubject } from '../import/graph.js';
import { runSearch, searchSettingsArgs } from './search.js';
import { runTrain, type TrainArgs } from './train.js';
import { cmdLessonCheck, cmdLessons } from './lessons.js';
import { runEvaluate, runPredictorInfo, type EvaluateArgs } from './supernet.js';

const USAGE = `h4h — hardware-aware NAS of hybrid CNN/ViT models on NPU + CIM (same core as the app)

usage: npm run -s h4h -- <command> [options] [--json]

commands:
  space    --space mini|mini-cifar|nasvit           genes, choices, exact size, MAC range
  sample   --space S --seed N --count K [--kind random|smallest|largest]
  estimate --space S --arch <genome JSON|file> [--hw <preset|file>] [--schema all|npu,cim,hetero,parallel]
           [--objective latency|energy|edp] [--calibrate <measurements CSV>]
                                                    --calibrate: Vela's per-layer CSV or layer,latency_us[,energy_uj,unit]:
                                                    one factor per layer kind and unit fitted and applied
  search   --space S|<space JSON> --hw H --objectives accuracy,latency,energy --accuracy proxy
           --generations 50 --population 64 --seed 1 [--schema hetero] [--max-latency MS]
           [--max-energy UJ] [--max-params N] [--exhaustive] [--progress]
           [--accuracy table|predictor --table <CSV/JSON of genome,accuracy>]
                                                    population × generations ≤ 1,000,000; a run past 2 s
                                                    says how far it is on stderr (with --json only if --progress)
                                                    NSGA-II: the Pareto front and the hypervolume of each
                                                    generation; --exhaustive: the true front (≤ 10⁶ subnets);
                                                    table: every subnet of the table scored; predictor:
                                                    ridge fitted on the table, then NSGA-II
  train    --space mini|mini-cifar --steps N --batch B --seed S [--dataset fashion-mnist|mnist|cifar10]
           [--cifar <folder of data_batch_*.bin>] [--lr X] [--optimizer adam|sgd] [--single-phase]
           [--no-distill] [--random N] [--eval-images N] [--predictor N] [--warmup N] [--schedule cosine|constant]
           [--label-smoothing X] [--phase1-share X] [--eval-every N] [--calibration-images N]
           [--checkpoint FILE [--checkpoint-every N] [--resume] [--stop-after N]]
                                                    trains the supernet on TF.js's CPU backend (WebAssembly
                                                    SIMD kernels); --checkpoint writes a resumable file,
                                                    --resume continues it bit for bit
  evaluate --space mini (--arch <genome JSON|file> | --kind largest|smallest) [--checkpoint FILE]
           [--images N] [--calibration-images N] [--json]
                                                    validation accuracy of a subnet with the shipped supernet
                                                    (public/supernet/, SHA-256 checked) or a checkpoint file
  predictor --space mini [--json]                   the shipped predictor: held-out Kendall τ, its spread over
                                                    random splits, the MAC-only baseline, sample count
  estimate --model <FILE> [--hw …]                  your own network: a model description (JSON), a .tflite or
                                                    an .onnx file (README: "Your own model";
                                                    examples/mobilenetv2.json, examples/tiny-vit.json)
  lessons  [--json]                                 the shipped lessons; --json: every step's claims with
                                                    their values and each prediction's answer
  lesson check FILE [--json]                        evaluates every claim and prediction of a lesson file
                                                    (docs/LESSONS.md; examples/lesson-example.json): exit 1
                                                    naming lesson, step and claim when one is false, 2 when
                                                    the file is malformed (the field named)

systems: u55-mram (default), u55-sram-cim, u55-sram7nm, u55-c2c22nm, npu1024-mram, u65-dram, or a JSON file { "base": "u55-mram", "cimMacros": 4 }`;

const OPTIONS = {
  space: { type: 'string' },
  seed: { type: 'string' },
  count: { type: 'string' },
  kind: { type: 'string' },
  arch: { type: 'string' },
  model: { type: 'string' },
  calibrate: { type: 'string' },
  hw: { type: 'string' },
  schema: { type: 'string' },
  objective: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  dataset: { type: 'string' },
  cifar: { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  'single-phase': { type: 'boolean' },
  'no-distill': { type: 'boolean' },
  random: { type: 'string' },
  'eval-images': { type: 'string' },
  predictor: { type: 'string' },
  checkpoint: { type: 'string' },
  resume: { type: 'boolean' },
  'stop-after': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'eval-every': { type: 'string' },
  warmup: { type: 'string' },
  'label-smoothing': { type: 'string' },
  'phase1-share': { type: 'string' },
  schedule: { type: 'string' },
  'calibration-images': { type: 'string' },
  images: { type: 'string' },
  objectives: { type: 'string' },
  accuracy: { type: 'string' },
  table: { type: 'string' },
  generations: { type: 'string' },
  population: { type: 'string' },
  'max-latency': { type: 'string' },
  'max-energy': { type: 'string' },
  'max-params': { type: 'string' },
  exhaustive: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>>;
const str = (v: Values, k: keyof typeof OPTIONS): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

function parse(argv: string[]): { command: string | undefined; rest: string[]; values: Values } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    // only `lesson check FILE` takes words after its command
    const extra = positionals[0] === 'lesson' ? 3 : 1;
    if (positionals.length > extra) throw new UsageError(`unexpected argument "${positionals[extra] ?? ''}"`);
    return { command: positionals[0], rest: positionals.slice(1), values };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message;
    const m = /'(--?[\w-]+)/.exec(msg);
    throw new UsageError(
      m
        ? `${m[1] ?? ''}: ${msg.replace(/\. To specify.*$/s, '')} (allowed: ${Object.keys(OPTIONS)
            .map((k) => `--${k}`)
            .join(', ')})`
        : msg,
    );
  }
}

function out(json: boolean, doc: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(doc)}\n` : `${text()}\n`);
}

function cmdSpace(v: Values): void {
  const space = spaceFileArg(str(v, 'space'));
  const range = macRange(space);
  const size = spaceSize(space);
  out(
    v.json === true,
    { ...space, size: size.toString(), macs: { min: range.minMacs, max: range.maxMacs }, smallest: range.smallest, largest: range.largest },
    () => spaceText(space, size, range),
  );
}

function cmdSample(v: Values): void {
  const space = spaceFileArg(str(v, 'space'));
  const seed = intArg('--seed', str(v, 'seed'), 1, 0, 2 ** 32 - 1);
  const count = intArg('--count', str(v, 'count'), 5, 1, 100000);
  const kind = enumArg('--kind', str(v, 'kind'), ['random', 'smallest', 'largest'] as const, 'random');
  const rng = createRng(seed);
  // a trimmed space's genomes are written as genomes of its preset (any command reads them so)
  const genomes = Array.from({ length: count }, () =>
    kind === 'smallest' ? smallestGenome(space) : kind === 'largest' ? largestGenome(space) : sampleGenome(space, rng),
  ).map((g) => ({ ...g, space: presetIdOf(g.space) }));
  out(v.json === true, { space: space.id, seed, kind, genomes }, () => genomes.map((g) => JSON.stringify(g)).join('\n'));
}

function cmdEstimate(v: Values): void {
  const system: System = hwArg(str(v, 'hw'));
  const schemas: SchemaId[] = schemaArg(str(v, 'schema'));
  const objective = enumArg<HeteroObjective>('--objective', str(v, 'objective'), ['latency', 'energy', 'edp'], 'latency');
  const modelPath = str(v, 'model');
  let est: Estimate;
  let subject: Record<string, unknown>;
  if (modelPath !== undefined) {
    if (str(v, 'arch') !== undefined) throw new UsageError('--model: give either --arch or --model, not both');
    if (str(v, 'space') !== undefined) throw new UsageError('--space: applies to --arch genomes; a --model file describes its own network');
    const source = modelSourceArg(modelPath);
    if (source.kind === 'description') {
      const model = source.model;
      est = estimateLayers(expandModel(model, { weight: system.params.bytesPerWeight, act: system.params.bytesPerAct }), system.params, {
        objective,
      });
      subject = { model: model.name, ...(hasBranches(model) ? { notes: [BRANCHES_NOTE] } : {}) };
    } else {
      est = estimateLayers(source.network.layers, system.params, { objective });
      subject = networkSubject(source.network, source.file);
    }
  } else {
    const arch = str(v, 'arch');
    let spaceId = str(v, 'space');
    if (spaceId === undefined && arch !== undefined) {
      // no --space: take it from the genome itself
      const raw = jsonArg('--arch', arch);
      const named = typeof raw === 'object' && raw !== null ? (raw as { space?: unknown }).space : undefined;
      // a trimmed space's genome ("mini~r28~…") is a genome of its preset
      if (typeof named === 'string') spaceId = presetIdOf(named);
    }
    const space = spaceFileArg(spaceId);
    const genome = archArg(space, arch);
    est = estimateGenome(space, genome, system, { objective });
    subject = { space: space.id, arch: genome };
  }
  const calibrateFile = str(v, 'calibrate');
  if (calibrateFile !== undefined) {
    const fit = calibrationArg(calibrateFile, est, system.params);
    est = estimateLayers(est.layers, calibrated(system.params, fit.calibration), { objective });
    subject = {
      ...subject,
      calibration: { file: calibrateFile, factors: fit.calibration, rows: fit.rows, unmatched: fit.unmatched },
      notes: [
        ...((subject.notes as string[] | undefined) ?? []),
        `${calibrationLabel(fit.calibration)} (${fit.rows.length} measured layers of ${calibrateFile}${fit.unmatched.length > 0 ? `; not matched: ${fit.unmatched.slice(0, 3).join('; ')}` : ''})`,
      ],
    };
  }
  const doc = {
    ...subject,
    hw: { id: system.id, label: system.label, params: system.params },
    objective,
    ...estimateDocument(est, system.params, schemas),
  };
  const notes = (subject.notes as string[] | undefined) ?? [];
  out(v.json === true, doc, () => [...notes.map((n) => `note: ${n}`), estimateText(est, system, schemas, SCHEMA_LABELS)].join('\n'));
}

/** `--calibrate FILE`: measurements of the estimated layers, fitted to one factor per layer kind and unit. */
function calibrationArg(file: string, est: Estimate, hw: HwParams): CalibrationFit {
  const m = parseMeasurements(readInputText('--calibrate', file));
  if (!m.ok) throw new UsageError(m.errors.map((e) => `--calibrate ${e}`).join('\n'));
  const fit = fitCalibration(est.layers, est.costs, hw, m.value);
  if (!fit.ok) throw new UsageError(fit.errors.map((e) => `--calibrate ${e}`).join('\n'));
  return fit.value;
}

/** A positive number option (`--max-latency 5.5`). */
function positiveArg(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = /^\d*\.?\d+(e[+-]?\d+)?$/i.test(value) ? Number(value) : NaN;
  if (!(x > 0 && Number.isFinite(x))) throw new UsageError(`${field}: must be a positive number, got "${value.slice(0, 30)}"`);
  return x;
}

function cmdSearch(v: Values): void {
  const accuracy = enumArg('--accuracy', str(v, 'accuracy'), ['proxy', 'predictor', 'supernet', 'table'] as const, 'proxy');
  if (accuracy === 'supernet')
    throw new UsageError(
      '--accuracy: supernet needs a trained supernet, which the CLI search does not load; measure subnets with `h4h train --predictor N --json` and pass its output with --accuracy table|predictor --table FILE (or use the app)',
    );
  if (accuracy === 'proxy' && str(v, 'table') !== undefined) throw new UsageError('--table: applies to --accuracy table or predictor');
  const space = spaceFileArg(str(v, 'space'));
  // a table holds subnets of the preset; a trimmed search scores those inside its trim
  const table = accuracy === 'proxy' ? undefined : tableArg(str(v, 'table'), spaceArg(presetIdOf(space.id)));
  const schema = enumArg<SchemaId>('--schema', str(v, 'schema'), ['npu', 'cim', 'hetero', 'parallel'], 'hetero');
  const budgets: { latencyMs?: number; energyUj?: number; params?: number } = {};
  const lat = positiveArg('--max-latency', str(v, 'max-latency'));
  if (lat !== undefined) budgets.latencyMs = lat;
  const en = positiveArg('--max-energy', str(v, 'max-energy'));
  if (en !== undefined) budgets.energyUj = en;
  const par = positiveArg('--max-params', str(v, 'max-params'));
  if (par !== undefined) budgets.params = par;
  const settings = searchSettingsArgs(
    {
      objectives: str(v, 'objectives'),
      schema,
      population: str(v, 'population'),
      generations: str(v, 'generations'),
      seed: str(v, 'seed'),
      accuracy,
      budgets,
      exhaustive: v.exhaustive === true,
    },
    space,
  );
  runSearch(
    {
      space,
      accuracy,
      ...(table ? { table } : {}),
      system: hwArg(str(v, 'hw')),
      objectives: settings.objectives,
      schema,
      population: settings.population,
      generations: settings.generations,
      seed: settings.seed,
      budgets,
      exhaustive: settings.exhaustive,
      json: v.json === true,
    },
    (s) => process.stdout.write(s),
    v.json !== true || v.progress === true ? (line) => void process.stderr.write(`${line}\n`) : undefined,
  );
}

/**
 * `--space` for the supernet commands (train, evaluate, predictor): a preset id or a space file, as
 * everywhere; a supernet is the preset's, so a trimmed file stands for its preset — except for
 * training, which would silently train the whole preset: refused there, saying so.
 */
function supernetSpaceArg(value: string | undefined, command: 'train' | 'evaluate' | 'predictor'): ReturnType<typeof spaceArg> {
  const space = spaceFileArg(value);
  if (!space.id.includes('~')) return space;
  if (command === 'train')
    throw new UsageError(
      `--space: a supernet trains over its whole preset; give "${presetIdOf(space.id)}" (a trimmed space restricts a search, not training)`,
    );
  return spaceArg(presetIdOf(space.id));
}

function trainArgs(v: Values): TrainArgs {
  const space = supernetSpaceArg(str(v, 'space'), 'train');
  const overrides: Partial<Record<keyof TrainConfig, unknown>> = {};
  const steps = str(v, 'steps');
  if (steps !== undefined) overrides.steps = intArg('--steps', steps, 0, 1, 1_000_000);
  const batch = str(v, 'batch');
  if (batch !== undefined) overrides.batch = intArg('--batch', batch, 0, 1, 1024);
  const seed = str(v, 'seed');
  if (seed !== undefined) overrides.seed = intArg('--seed', seed, 0, 0, 2 ** 31 - 1);
  const random = str(v, 'random');
  if (random !== undefined) overrides.randomSubnets = intArg('--random', random, 0, 0, 8);
  const evalImages = str(v, 'eval-images');
  if (evalImages !== undefined) overrides.evalImages = intArg('--eval-images', evalImages, 0, 0, 1_000_000);
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
  const ints = [
    ['checkpoint-every', 'checkpointEvery', 1, 1_000_000],
    ['eval-every', 'evalEvery', 0, 1_000_000],
    ['warmup', 'warmupSteps', 0, 1_000_000],
    ['calibration-images', 'calibrationImages', 1, 100_000],
  ] as const;
  for (const [flag, key, min, max] of ints) {
    const x = str(v, flag);
    if (x !== undefined) overrides[key] = intArg(`--${flag}`, x, 0, min, max);
  }
  const fractions = [
    ['label-smoothing', 'labelSmoothing', 0.5],
    ['phase1-share', 'phase1Share', 1],
  ] as const;
  for (const [flag, key, max] of fractions) {
    const x = str(v, flag);
    if (x === undefined) continue;
    const n = /^\d*\.?\d+$/.test(x) ? Number(x) : NaN;
    if (!(n >= 0 && n <= max)) throw new UsageError(`--${flag}: must be a number 0–${max}, got "${x.slice(0, 30)}"`);
    overrides[key] = n;
  }
  const schedule = str(v, 'schedule');
  if (schedule !== undefined) overrides.schedule = enumArg('--schedule', schedule, ['cosine', 'constant'] as const, 'cosine');
  if (v['single-phase'] === true) overrides.twoPhase = false;
  if (v['no-distill'] === true) overrides.distill = false;
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

function evaluateArgs(v: Values): EvaluateArgs {
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

/** Runs the CLI; returns the exit status (a promise for `train`, which is asynchronous). */
export function main(argv: string[]): number | Promise<number> {
  let command: string | undefined;
  let rest: string[];
  let values: Values;
  try {
    ({ command, rest, values } = parse(argv));
  } catch (e) {
    return fail(e);
  }
  const asyncCommands: Record<string, (v: Values) => Promise<unknown>> = {
    train: (v) => runTrain(trainArgs(v), write),
    evaluate: (v) => runEvaluate(evaluateArgs(v), write),
    predictor: (v) => runPredictorInfo(supernetSpaceArg(str(v, 'space'), 'predictor'), v.json === true, write),
  };
  const run = command !== undefined && values.help !== true ? asyncCommands[command] : undefined;
  if (run) {
    return (async () => {
      try {
        await run(values);
        return 0;
      } catch (e) {
        return fail(e);
      }
    })();
  }
  return mainSync(command, rest, values);
}

function fail(e: unknown): number {
  if (e instanceof UsageError || e instanceof LimitError) {
    process.stderr.write(`h4h: ${e.message}\n`);
    return 2;
  }
  process.stderr.write(`h4h: internal error: ${(e as Error).stack ?? String(e)}\n`);
  return 1;
}

const COMMANDS = 'space, sample, estimate, search, train, evaluate, predictor, lessons, lesson check';
const write = (s: string): void => void process.stdout.write(s);
const writeErr = (s: string): void => void process.stderr.write(s);

function cmdLesson(rest: readonly string[], v: Values): number {
  if (rest[0] !== 'check')
    throw new UsageError(`lesson: unknown subcommand "${(rest[0] ?? '').slice(0, 30)}" (allowed: lesson check FILE)`);
  const file = rest[1];
  if (file === undefined) throw new UsageError('lesson check: give the lesson file (docs/LESSONS.md; examples/lesson-example.json)');
  return cmdLessonCheck(file, v.json === true, write, writeErr);
}

function mainSync(command: string | undefined, rest: readonly string[], values: Values): number {
  try {
    if (values.help === true || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === undefined) {
      process.stderr.write(`h4h: command: missing (allowed: ${COMMANDS})\n\n${USAGE}\n`);
      return 2;
    }
    switch (command) {
      case 'space':
        cmdSpace(values);
        return 0;
      case 'sample':
        cmdSample(values);
        return 0;
      case 'estimate':
        cmdEstimate(values);
        return 0;
      case 'search':
        cmdSearch(values);
        return 0;
      case 'lessons':
        return cmdLessons(values.json === true, write);
      case 'lesson':
        return cmdLesson(rest, values);
      default:
        throw new UsageError(`command: unknown "${command.slice(0, 40)}" (allowed: ${COMMANDS})`);
    }
  } catch (e) {
    return fail(e);
  }
}
