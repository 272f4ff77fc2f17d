/**
 * `window.h4h.snapshot()`: a plain-object view of the inputs and the totals, for e2e tests and
 * for anyone poking at the app from the console. Read-only: it changes nothing.
 */
import { pageSupernet } from '../state/linkSupernet';
import { measureKey, shippedInfo, shippedStore } from '../state/shipped';
import { SCHEMA_IDS, type Estimate, type Genome, type SchemaId, type SearchPoint, type TrainConfig } from '../core';
import { benchParetoRedraw, type ParetoBench } from '../plots/paretoBench';
import { selectBaselineEstimate } from '../state/baseline';
import { selectEstimate } from '../state/selectors';
import { chooseBackend } from '../state/backend';
import { appStore, type BackendStatus, type PanelId } from '../state/store';
import { searchCancellations, searchStore, type SearchSettings } from '../state/search';
import { benchTraining, trainingStore } from '../state/training';
import type { AdapterInfo, BackendChoice, TrainBench } from '../workers/protocol';
import { lessonsStore } from '../state/lessons';
import { selectStepView } from '../state/lessonView';
import { presenterStore, type Presenter } from '../state/presenter';

export interface Snapshot {
  readonly config: {
    readonly space: string;
    readonly system: string;
    readonly hwOverrides: Readonly<Record<string, number>>;
    readonly genome: Genome;
    readonly layerSchema: SchemaId;
    readonly search: SearchSettings;
    readonly train: TrainConfig;
    /** the panels folded away */
    readonly hiddenPanels: readonly PanelId[];
  };
  /** the page's subnet, the search point it came from (if any) and the timeline's selected layer */
  readonly selected: { readonly genome: Genome; readonly searchKey: string | null; readonly layer: number | null };
  /** the last search's front (empty before one ran) */
  readonly front: readonly {
    readonly key: string;
    readonly genome: Genome;
    readonly accuracy: number;
    readonly latencyMs: number;
    readonly energyUj: number;
  }[];
  readonly estimates: Record<SchemaId, { readonly latencyMs: number; readonly energyUj: number }>;
  /** the opened model file estimated in place of the subnet (`layers`: its costed layers), or null; and the file a link named */
  readonly model: {
    readonly file: string;
    readonly format: string;
    readonly sha256: string;
    readonly layers: number;
    readonly macs: number;
    readonly params: number;
  } | null;
  readonly linkedModel: { readonly format: string; readonly sha8: string; readonly file: string } | null;
  readonly backend: BackendStatus;
  /** the pinned baseline (inputs and totals), or null; it lives in the store only, not in the link */
  readonly baseline: {
    readonly space: string;
    readonly system: string;
    readonly hwOverrides: Readonly<Record<string, number>>;
    readonly genome: Genome;
    readonly estimates: Record<SchemaId, { readonly latencyMs: number; readonly energyUj: number }>;
  } | null;
  /** the lesson that plays (its claims evaluated on the live page), or null */
  readonly lesson: LessonSnapshot | null;
  /** presenter mode: the hidden panels and controls, and whether the type is enlarged */
  readonly presenter: Presenter;
  /**
   * the supernet behind the page's accuracies (`sn=`: `<id>.<sha8>` shipped, `own`, null none,
   * undefined loading) and the selected subnet's shipped-supernet measurement, if any
   */
  readonly supernet: {
    readonly tag: string | null | undefined;
    readonly measured: { readonly state: string; readonly accuracy?: number; readonly images?: number; readonly ms?: number } | null;
  };
}

export interface LessonSnapshot {
  readonly id: string;
  /** 1-based */
  readonly step: number;
  readonly steps: number;
  readonly target: string;
  readonly claims: readonly { readonly text: string; readonly holds: boolean; readonly detail: string }[];
  /** the prediction's right choice (0-based: the one whose predicate holds), or null without a prediction or without exactly one */
  readonly answer: number | null;
  /** every choice that holds (a good step has one); null without a prediction */
  readonly answers: readonly number[] | null;
  readonly picked: number | null;
  readonly revealed: boolean;
}

function lessonSnapshot(): LessonSnapshot | null {
  const a = lessonsStore.getState().active;
  if (!a) return null;
  const view = selectStepView(appStore.getState(), a.lesson, a.index);
  return {
    id: a.lesson.id,
    step: a.index + 1,
    steps: a.lesson.steps.length,
    target: a.lesson.steps[a.index]?.target ?? '',
    claims: view.claims.map((c) => ({ text: c.text, holds: c.holds, detail: c.detail })),
    answer: view.answers?.length === 1 ? (view.answers[0] ?? null) : null,
    answers: view.answers,
    picked: a.picked,
    revealed: a.revealed,
  };
}

const totalsOf = (e: Estimate): Snapshot['estimates'] =>
  Object.fromEntries(
    SCHEMA_IDS.map((id) => [id, { latencyMs: e.schemas[id].latencyMs, energyUj: e.schemas[id].energyUj }]),
  ) as Snapshot['estimates'];

export function snapshot(): Snapshot {
  const state = appStore.getState();
  const estimate = selectEstimate(state);
  const estimates = totalsOf(estimate);
  const m = state.model;
  const b = state.baseline;
  const baselineEstimate = selectBaselineEstimate(state);
  // structuredClone: the caller gets data, not references into the store.
  return structuredClone({
    config: {
      space: state.spaceId,
      system: state.systemId,
      hwOverrides: state.hwOverrides,
      genome: state.genome,
      layerSchema: state.layerSchema,
      search: searchStore.getState().settings,
      train: trainingStore.getState().config,
      hiddenPanels: state.hiddenPanels,
    },
    selected: { genome: state.genome, searchKey: searchStore.getState().selectedKey, layer: state.selectedLayer },
    front: searchStore
      .getState()
      .front.map((p) => ({
        key: p.key,
        genome: p.genome,
        accuracy: p.metrics.accuracy,
        latencyMs: p.metrics.latencyMs,
        energyUj: p.metrics.energyUj,
      })),
    estimates,
    model: m
      ? { file: m.file, format: m.format, sha256: m.sha256, layers: estimate.layers.length, macs: estimate.macs, params: estimate.params }
      : null,
    linkedModel: state.linkedModel,
    backend: state.backend,
    baseline:
      b && baselineEstimate
        ? { space: b.spaceId, system: b.systemId, hwOverrides: b.hwOverrides, genome: b.genome, estimates: totalsOf(baselineEstimate) }
        : null,
    lesson: lessonSnapshot(),
    supernet: supernetSnapshot(state.spaceId, state.genome),
    presenter: presenterStore.getState(),
  });
}

export interface BenchResult extends TrainBench {
  readonly adapter: AdapterInfo | null;
}

/**
 * The browser half of `npm run bench`: switches the worker to `backend`, then times training steps
 * of the largest and smallest `mini` subnets there (src/train/bench.ts).
 */
async function benchTrain(opts: { backend: BackendChoice; batch?: number; steps?: number }): Promise<BenchResult> {
  chooseBackend(opts.backend);
  const status = await new Promise<BackendStatus>((resolve) => {
    const check = (): boolean => {
      const b = appStore.getState().backend;
      if (b.status === 'pending') return false;
      resolve(b);
      return true;
    };
    if (check()) return;
    const stop = appStore.subscribe(() => {
      if (check()) stop();
    });
  });
  if (status.status !== 'ready') throw new Error(status.status === 'error' ? status.message : 'backend: not ready');
  const result = await benchTraining(opts.batch ?? 64, opts.steps ?? 3);
  return { ...result, adapter: status.info.adapter };
}

/** The search's state as plain data: status, progress, and the front with each subnet's numbers. */
export interface SearchSnapshot {
  readonly status: string;
  readonly generation: number;
  readonly evaluations: number;
  readonly hypervolumes: readonly number[];
  readonly points: number;
  readonly front: readonly {
    readonly key: string;
    readonly genome: Genome;
    readonly accuracy: number;
    readonly latencyMs: number;
    readonly energyUj: number;
  }[];
  readonly ghost: number;
  readonly selectedKey: string | null;
  /** the search worker's cancelled jobs: how many, ended there since, replies after their end */
  readonly cancellations: { readonly cancelled: number; readonly ended: number; readonly afterEnd: number };
  /** runs started in this page (a restore from the cache starts none) */
  readonly runs: number;
  readonly restored: boolean;
  readonly brush: boolean;
}

function supernetSnapshot(spaceId: string, genome: Genome): Snapshot['supernet'] {
  const info = shippedInfo(spaceId);
  const m = info ? shippedStore.getState().measured[measureKey(info, spaceId, genome)] : undefined;
  const measured = !m
    ? null
    : m.state === 'ready'
      ? { state: m.state, accuracy: m.result.accuracy, images: m.result.images, ms: m.ms }
      : { state: m.state };
  return { tag: pageSupernet(spaceId), measured };
}

function search(): SearchSnapshot {
  const s = searchStore.getState();
  return structuredClone({
    status: s.status,
    generation: s.generation,
    evaluations: s.evaluations,
    hypervolumes: s.hypervolumes,
    points: s.points.length,
    front: s.front.map((p) => ({
      key: p.key,
      genome: p.genome,
      accuracy: p.metrics.accuracy,
      latencyMs: p.metrics.latencyMs,
      energyUj: p.metrics.energyUj,
    })),
    ghost: s.ghost?.front.length ?? 0,
    selectedKey: s.selectedKey,
    runs: s.runs,
    restored: s.restored,
    brush: s.brush !== null,
    cancellations: searchCancellations(),
  });
}

/**
 * The browser half of the Pareto redraw bench: `points` (a real search's first subnets, which the
 * bench runs in Node: NSGA-II is not in the page's first JavaScript) and their front, drawn on a
 * canvas in this page.
 */
function benchPareto(points: readonly SearchPoint[], front: readonly SearchPoint[]): ParetoBench {
  const canvas = document.createElement('canvas');
  canvas.width = 420;
  canvas.height = 300;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas context');
  try {
    return benchParetoRedraw(ctx, points, front, () => performance.now());
  } finally {
    canvas.remove();
  }
}

declare global {
  interface Window {
    h4h?: {
      snapshot(): Snapshot;
      search(): SearchSnapshot;
      benchPareto(points: readonly SearchPoint[], front: readonly SearchPoint[]): ParetoBench;
      benchTrain(opts: { backend: BackendChoice; batch?: number; steps?: number }): Promise<BenchResult>;
    };
  }
}

export function installTestHook(): void {
  window.h4h = { snapshot, search, benchPareto, benchTrain };
}
