/**
 * The paper experiment's inputs and results (`paperRun`): the conditions it ran under and one record
 * per claim, in the units the rest of core uses (fractions for accuracy and savings, ms, µJ). The
 * page's paper view, its CSV and `h4h paper --json` all print these records as they are.
 */
import type { AccuracyTable } from '../accuracy/accuracyTable.js';
import type { Predictor } from '../accuracy/predict.js';
import type { Provenance, System } from '../hardware/hardware.js';
import type { SearchSettings } from '../search/settings.js';
import type { Genome, SchemaId, SearchSpace } from '../types.js';

/**
 * Where claim 1's accuracy comes from: a predictor fitted on a supernet's measured accuracies, an
 * imported table of measured accuracies (its subnets are the candidates), or the proxy (claims 2 and
 * 3 only: it cannot test claim 1). `from` says which supernet, table or fit, as the view shows it.
 */
export type PaperAccuracy =
  | { readonly source: 'predictor'; readonly predictor: Predictor; readonly from: string }
  | { readonly source: 'table'; readonly table: AccuracyTable; readonly from: string }
  | { readonly source: 'proxy' };

/** The NSGA-II settings both searches of claim 1 share (the paper view's defaults: PAPER_SEARCH). */
export type PaperSearch = Pick<SearchSettings, 'schema' | 'population' | 'generations' | 'seed'>;

export interface PaperInput {
  /** a preset space (`mini`, `mini-cifar`, `nasvit`): the hybrid space; its MBConv-only trim is derived */
  readonly space: SearchSpace;
  readonly system: System;
  readonly accuracy: PaperAccuracy;
  readonly search: PaperSearch;
}

/** The experiment as a worker is asked for it: the space a preset named by id (the worker checks it). */
export interface PaperRequest {
  readonly space: string;
  readonly system: System;
  readonly accuracy: PaperAccuracy;
  readonly search: PaperSearch;
}

/** One subnet as the experiment reports it (its genome written as a genome of the preset). */
export interface PaperPoint {
  readonly arch: Genome;
  readonly key: string;
  readonly accuracy: number;
  readonly latencyMs: number;
  readonly energyUj: number;
  readonly params: number;
  readonly macs: number;
  /** transformer blocks in the subnet (0: MBConv only) */
  readonly transformers: number;
}

/** Claim 1 at one latency budget: the most accurate subnet of each front within it. */
export interface BudgetRow {
  readonly latencyMs: number;
  readonly hybrid: PaperPoint | null;
  readonly mbOnly: PaperPoint | null;
  /** hybrid − MBConv-only accuracy, percentage points (null: a front has no subnet within the budget) */
  readonly differencePoints: number | null;
}

/** Claim 1's budgets with the winners' measured accuracies (null: not measured, or no winner). */
export interface MeasuredHybrid {
  readonly budgets: readonly {
    readonly latencyMs: number;
    readonly hybrid: number | null;
    readonly mbOnly: number | null;
    readonly differencePoints: number | null;
  }[];
  readonly largest: { readonly differencePoints: number; readonly latencyMs: number } | null;
  readonly verdict: string;
}

export type HybridClaim =
  | {
      readonly testable: true;
      readonly fronts: { readonly hybrid: readonly PaperPoint[]; readonly mbOnly: readonly PaperPoint[] };
      /** subnets each search scored */
      readonly evaluated: { readonly hybrid: number; readonly mbOnly: number };
      readonly budgets: readonly BudgetRow[];
      /** the largest difference over the budgets, and where */
      readonly largest: { readonly differencePoints: number; readonly latencyMs: number } | null;
      readonly verdict: string;
    }
  | { readonly testable: false; readonly reason: string };

/** One subnet's latency and energy under a schema, with the saving against NPU-only (fractions; negative: a loss). */
export interface SchemaFigures {
  readonly latencyMs: number;
  readonly energyUj: number;
  readonly latencySaving: number;
  readonly energySaving: number;
}

export interface ExecutionRow {
  readonly point: PaperPoint;
  readonly npu: { readonly latencyMs: number; readonly energyUj: number };
  readonly hetero: SchemaFigures;
  readonly parallel: SchemaFigures;
}

/** The largest saving along the front: which schema, how much, at which row. */
export interface LargestSaving {
  readonly schema: 'hetero' | 'parallel';
  readonly saving: number;
  readonly row: number;
}

export interface ExecutionClaim {
  readonly rows: readonly ExecutionRow[];
  readonly largest: { readonly latency: LargestSaving; readonly energy: LargestSaving };
  readonly verdict: string;
}

/** Claim 3: one (M, U) point of the sweep of claim 2's subject. */
export interface ScalingPoint {
  readonly macros: number;
  readonly units: number;
  readonly npu: { readonly latencyMs: number; readonly energyUj: number };
  readonly hetero: SchemaFigures;
  readonly parallel: SchemaFigures;
}

export interface ScalingClaim {
  /** the row of claim 2 the sweep is of (its largest latency saving) */
  readonly row: number;
  readonly arch: Genome;
  readonly points: readonly ScalingPoint[];
  /** the best latency saving on the grid, and where */
  readonly best: { readonly macros: number; readonly units: number; readonly schema: 'hetero' | 'parallel'; readonly saving: number };
  /** whether `parallel`'s latency never rises as M grows at U = 1 */
  readonly monotoneInMacros: boolean;
  readonly verdict: string;
}

export interface PaperConditions {
  readonly space: string;
  readonly spaceLabel: string;
  readonly dataset: string;
  readonly hw: string;
  readonly hwLabel: string;
  /** how many of the hardware's parameters come from each kind of source */
  readonly hwProvenance: Readonly<Record<Provenance, number>>;
  readonly schema: SchemaId;
  readonly accuracy: { readonly source: PaperAccuracy['source']; readonly from: string };
  readonly search: PaperSearch;
}

export interface PaperResult {
  readonly conditions: PaperConditions;
  readonly hybrid: HybridClaim;
  readonly execution: ExecutionClaim;
  readonly scaling: ScalingClaim;
}

/** How far a run is: which search, which generation. */
export interface PaperProgress {
  readonly phase: 'hybrid' | 'mbOnly';
  readonly generation: number;
  readonly generations: number;
}

/** Claim 1's winners measured with a supernet (the page's shipped worker, or `h4h paper`'s evaluator). */
export interface PaperMeasurement {
  /** the supernet's id and the first 8 hex digits of its weights' SHA-256 */
  readonly supernet: string;
  readonly images: number;
  readonly calibrationImages: number;
  /** each winner's measured accuracy; `shipped`: measured by the project when it shipped the supernet */
  readonly subnets: readonly { readonly key: string; readonly accuracy: number; readonly source: 'measured' | 'shipped' }[];
  readonly claim: MeasuredHybrid;
}

/** Everything `h4h paper --json` prints and the paper view shows: the paper's statements, ours, the conditions. */
export interface PaperDocument extends PaperResult {
  readonly paper: { readonly id: string; readonly title: string; readonly url: string };
  readonly measured: PaperMeasurement | null;
}
