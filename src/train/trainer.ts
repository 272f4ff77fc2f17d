/**
 * Supernet training as a step function (SPEC §7): each `trainStep()` trains one sandwich (largest,
 * smallest, n random subnets) on one batch, with in-place distillation from the largest, in the
 * MBConv-only phase or the hybrid phase (`sandwichStep.ts`). The caller (worker, CLI) owns the loop, so
 * it can report progress, pause and cancel between steps. Deterministic for a config: the batch and
 * the subnets of step s depend only on the seed and s (`batches.ts`), so a run resumed from a
 * checkpoint continues exactly. Evaluation recalibrates BatchNorm first (`subnetEval.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../core/rng.js';
import {
  HASHED_FIELDS,
  sandwich,
  trainConfigHash,
  type EvalLog,
  type SandwichMember,
  type StepLog,
  type TrainConfig,
  type TrainHistory,
} from '../core/training/trainConfig.js';
export type { EvalLog, StepLog, TrainHistory } from '../core/training/trainConfig.js';
import type { Genome, SearchSpace } from '../core/types.js';
import type { Dataset } from './data.js';
import { installFastCpuKernels } from './cpuKernels.js';
import { exportSubnet as exportSubnetModel } from './export.js';
import { checkpointDefect, checkpointFitDefect } from './checkpointCheck.js';
import { createOptimizer, type NamedArray, type Optimizer, type OptimizerState } from './optimizer.js';
import { sandwichStep } from './sandwichStep.js';
import { calibrationOf, disposeStats, evaluateSubnet, recalibrate, type Calibration, type SubnetRun } from './subnetEval.js';
import { createSupernet, disposeSupernet, type BnStats, type Params } from './supernet.js';
export { batchIndices, calibrationIndices, imagesTensor } from './batches.js';

/** Everything needed to resume a run: plain data (typed arrays), for IndexedDB or a file. */
export interface Checkpoint {
  readonly version: 1;
  readonly space: string;
  readonly dataset: string;
  readonly configHash: string;
  readonly config: TrainConfig;
  /** steps done */
  readonly step: number;
  readonly variables: readonly NamedArray[];
  readonly optimizer: OptimizerState;
  readonly history: TrainHistory;
}

export interface Trainer {
  readonly space: SearchSpace;
  readonly dataset: Dataset;
  readonly config: TrainConfig;
  readonly params: Params;
  /** steps done */
  readonly step: number;
  readonly history: TrainHistory;
  trainStep(): Promise<StepLog>;
  /**
   * validation accuracy of a subnet after BatchNorm recalibration (SPEC §5.1); `between` runs before
   * each batch of images (it may throw to stop the evaluation, e.g. for a training run that waits)
   */
  /** `hits` (optional, at least as long as the images evaluated): set to 1 where an image is classified right */
  evaluate(g: Genome, split?: 'val' | 'test', between?: () => Promise<void>, hits?: Uint8Array): Promise<number>;
  /** records an evaluation of the largest and smallest subnets in the history */
  evaluateExtremes(): Promise<EvalLog>;
  /** BatchNorm statistics of a subnet, recalibrated on the calibration images (the caller disposes them) */
  bnStats(g: Genome): BnStats;
  /** the subnet as a standalone TF.js graph model (export.ts), BatchNorm recalibrated and folded in */
  exportSubnet(g: Genome): Promise<tf.io.ModelArtifacts>;
  checkpoint(): Promise<Checkpoint>;
  dispose(): void;
}

/** Where a run stands: steps done and its history (the trainer appends to both lists). */
interface RunState {
  step: number;
  steps: StepLog[];
  evals: EvalLog[];
}

/** Assigns `variables` to the supernet's, by name; `what` says whose they are in messages. */
function assignVariables(params: Params, variables: Checkpoint['variables'], what: string, spaceId: string): void {
  for (const v of variables) {
    const target = params.get(v.name);
    if (!target) throw new Error(`${what}: variable ${v.name} is not in the ${spaceId} supernet`);
    if (target.size !== v.data.length) throw new Error(`${what}: ${v.name} has ${v.data.length} values, expected ${target.size}`);
    const value = tf.tensor(v.data, target.shape);
    target.assign(value);
    value.dispose(); // assign keeps its own reference to the data
  }
}

/** Fine-tuning's start: every variable of the supernet from `variables` (the supernet disposed on failure). */
function initFrom(params: Params, variables: Checkpoint['variables'], spaceId: string): void {
  try {
    assignVariables(params, variables, 'fine-tune', spaceId);
    const given = new Set(variables.map((v) => v.name));
    const missing = [...params.keys()].find((n) => !given.has(n));
    if (missing !== undefined)
      throw new Error(`fine-tune: variable "${missing}" missing from the weights (the ${spaceId} supernet has ${params.size})`);
  } catch (e) {
    disposeSupernet(params);
    throw e;
  }
}

/** A run resumed from checkpoint `from`: its variables and optimiser state loaded (both disposed on failure). */
function resume(from: Checkpoint, run: SubnetRun, optimizer: Optimizer): RunState {
  const { space, config, params } = run;
  const problem =
    checkpointProblem(from, space, config) ?? checkpointFitDefect(from, new Map([...params].map(([n, p]) => [n, p.shape])), space.id);
  if (problem) {
    disposeSupernet(params);
    throw new Error(problem);
  }
  try {
    assignVariables(params, from.variables, 'checkpoint', space.id);
    optimizer.load(from.optimizer);
  } catch (e) {
    optimizer.dispose();
    disposeSupernet(params);
    throw e;
  }
  return { step: from.step, steps: [...from.history.steps], evals: [...from.history.evals] };
}

/**
 * `init` (optional; issue 13's fine-tuning): weights assigned to the new supernet right after it is
 * built — a run that starts from them with a fresh optimiser at step 0. Ignored when resuming `from`.
 * Without it nothing differs from before.
 */
export function createTrainer(
  space: SearchSpace,
  dataset: Dataset,
  config: TrainConfig,
  from?: Checkpoint,
  init?: { readonly variables: Checkpoint['variables'] },
): Trainer {
  if (space.inputChannels !== dataset.channels) {
    throw new Error(`dataset: ${dataset.name} has ${dataset.channels} channel(s), space ${space.id} expects ${space.inputChannels}`);
  }
  if (space.classes !== dataset.classes)
    throw new Error(`dataset: ${dataset.name} has ${dataset.classes} classes, space ${space.id} expects ${space.classes}`);
  installFastCpuKernels();
  const params = createSupernet(space, config.seed);
  if (init && !from) initFrom(params, init.variables, space.id);
  const optimizer: Optimizer = createOptimizer(config.optimizer, params);
  const calibration = calibrationOf(dataset, config);
  const run: SubnetRun = { space, dataset, config, params };
  const state: RunState = from ? resume(from, run, optimizer) : { step: 0, steps: [], evals: [] };
  return trainerOf(run, optimizer, calibration, state);
}

/** The trainer over a built (or resumed) run. */
function trainerOf(run: SubnetRun, optimizer: Optimizer, calibration: Calibration, state: RunState): Trainer {
  const { space, dataset, config, params } = run;
  const epochCache = new Map<number, Uint32Array>();
  const evaluate: Trainer['evaluate'] = (g, which, between, hits) => evaluateSubnet(run, calibration, g, which, between, hits);
  const bnStats = (g: Genome): BnStats => recalibrate(run, calibration, g);
  return {
    space,
    dataset,
    config,
    params,
    get step() {
      return state.step;
    },
    get history() {
      // a copy: the run goes on appending to its own lists
      return { steps: [...state.steps], evals: [...state.evals] };
    },
    async trainStep() {
      const s = state.step;
      const log = await sandwichStep(run, optimizer, s, epochCache);
      state.steps.push(log);
      state.step = s + 1;
      return log;
    },
    evaluate,
    async evaluateExtremes() {
      // the extremes of the current phase (MBConv-only ones during phase 1, whose ViT weights are untrained)
      const [big, small] = sandwich(space, { ...config, randomSubnets: 0 }, Math.max(0, state.step - 1), createRng(0));
      const largest = await evaluate((big as SandwichMember).genome);
      const smallest = await evaluate((small as SandwichMember).genome);
      const log = { step: state.step, largest, smallest };
      state.evals.push(log);
      return log;
    },
    bnStats,
    async exportSubnet(g) {
      const stats = bnStats(g);
      try {
        const meta = { inputHeight: dataset.height, inputWidth: dataset.width, dataset: dataset.name, classNames: dataset.classNames };
        return await exportSubnetModel(space, params, g, stats, meta);
      } finally {
        disposeStats(stats);
      }
    },
    async checkpoint() {
      const variables: NamedArray[] = [];
      for (const [name, v] of params) variables.push({ name, shape: v.shape, data: (await v.data()) as Float32Array });
      return {
        version: 1,
        space: space.id,
        dataset: dataset.name,
        configHash: trainConfigHash(config),
        config,
        step: state.step,
        variables,
        optimizer: await optimizer.save(),
        history: { steps: [...state.steps], evals: [...state.evals] },
      };
    },
    dispose() {
      optimizer.dispose();
      disposeSupernet(params);
    },
  };
}

/** Why a checkpoint cannot resume this run (malformed, or another run's), or null. */
export function checkpointProblem(c: Checkpoint, space: SearchSpace, config: TrainConfig): string | null {
  const defect = checkpointDefect(c); // a stored or read checkpoint may hold anything
  if (defect) return defect;
  if (c.version !== 1) return `checkpoint: version ${String(c.version)} is not supported`;
  if (c.space !== space.id) return `checkpoint: it is for space "${c.space}", this run trains "${space.id}"`;
  if (c.dataset !== config.dataset) return `checkpoint: it was trained on ${c.dataset}, this run uses ${config.dataset}`;
  if (c.configHash !== trainConfigHash(config)) {
    const differ = HASHED_FIELDS.filter((k) => c.config[k] !== config[k]).map((k) => `${k} ${String(c.config[k])} → ${String(config[k])}`);
    return `checkpoint: trained with other settings (${differ.join(', ') || 'settings changed'}); set them back to resume, or start a new run`;
  }
  return null;
}
