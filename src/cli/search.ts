/**
 * `h4h search`: NSGA-II over a space on a system (SPEC §6, §9), with the proxy accuracy (or a table of
 * measured accuracies, or a ridge predictor fitted on one); prints the
 * Pareto front and the hypervolume of every generation. `--exhaustive` enumerates the true front of a
 * space of at most 10⁶ subnets instead.
 */
import {
  ACCURACY_LABELS,
  createExhaustive,
  createRng,
  getSpace,
  presetIdOf,
  createSearch,
  fitAndValidate,
  MAX_EXHAUSTIVE_SUBNETS,
  OBJECTIVES,
  predictedAccuracy,
  scoreTable,
  spaceSize,
  type AccuracyTable,
  type ExhaustiveResult,
  type Genome,
  type SearchSettings,
  type Predictor,
  type SearchDeps,
  type SearchGeneration,
  type SearchConfig,
  type SearchSpace,
  type System,
} from '../core/index.js';
import { UsageError } from './usage.js';

export { objectivesArg, searchSettingsArgs, wholeFlag } from './searchArgs.js';

/** The settings the page also has (one type, from core), plus what only the CLI takes. */
export interface SearchArgs extends Pick<
  SearchSettings,
  'objectives' | 'schema' | 'population' | 'generations' | 'seed' | 'budgets' | 'exhaustive'
> {
  readonly space: SearchSpace;
  readonly system: System;
  readonly json: boolean;
  /** proxy (default); table: score every subnet of `table`; predictor: ridge fitted on `table`, then NSGA-II */
  readonly accuracy?: 'proxy' | 'table' | 'predictor';
  readonly table?: AccuracyTable;
}

interface FrontRow {
  readonly arch: Genome;
  readonly accuracy: number;
  readonly latencyMs: number;
  readonly energyUj: number;
  readonly params: number;
  readonly macs: number;
}

/** A front subnet as printed; a trimmed space's genome is written as a genome of its preset. */
const row = (p: {
  genome: Genome;
  metrics: { accuracy: number; latencyMs: number; energyUj: number; params: number; macs: number };
}): FrontRow => ({
  arch: { ...p.genome, space: presetIdOf(p.genome.space) },
  accuracy: p.metrics.accuracy,
  latencyMs: p.metrics.latencyMs,
  energyUj: p.metrics.energyUj,
  params: p.metrics.params,
  macs: p.metrics.macs,
});

/** The front as text: accuracy in %, latency, energy and parameters with their units (the CLI's own digits). */
function frontText(front: readonly FrontRow[]): string {
  const { accuracy, latencyMs, energyUj } = OBJECTIVES;
  const lines = front.map(
    (f) =>
      `  ${(f.accuracy * 100).toFixed(2).padStart(6)} %  ${f.latencyMs.toFixed(3).padStart(9)} ${latencyMs.unit}  ${f.energyUj.toFixed(2).padStart(9)} ${energyUj.unit}  ${String(f.params).padStart(8)} params  ${JSON.stringify(f.arch)}`,
  );
  return [`  ${accuracy.label}    ${latencyMs.label}      ${energyUj.label}`, ...lines].join('\n');
}

/** How often a long run says how far it is (stderr), in milliseconds: runs shorter than this print nothing. */
const PROGRESS_EVERY_MS = 2000;

/** A reporter that passes on at most one line every PROGRESS_EVERY_MS (the first after that long). */
function throttled(report: ((line: string) => void) | undefined): (line: () => string) => void {
  if (!report) return () => {};
  const start = Date.now();
  let last = start;
  return (line) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    report(`${line()} (${((now - start) / 1000).toFixed(0)} s)`);
  };
}

/** What every document of `h4h search` starts with: the run's inputs. */
type Common = ReturnType<typeof commonFields>;
const commonFields = (a: SearchArgs) => {
  const source = a.accuracy ?? 'proxy';
  return {
    space: a.space.id,
    hw: a.system.id,
    objectives: a.objectives,
    schema: a.schema,
    accuracySource: source,
    accuracyLabel: ACCURACY_LABELS[source],
    budgets: a.budgets,
  };
};

/** `--accuracy table`: every subnet of the table scored, its front printed. */
function runTable(a: SearchArgs, config: SearchConfig, common: Common, write: (s: string) => void): unknown {
  if (a.exhaustive) throw new UsageError('--exhaustive: a table is already scored whole; drop one of them');
  const table = a.table as AccuracyTable;
  let scored: ReturnType<typeof scoreTable>;
  try {
    scored = scoreTable(config, table);
  } catch (e) {
    throw new UsageError(`--table ${(e as Error).message}`);
  }
  const { generation: g, outsideTrim } = scored;
  const doc = {
    ...common,
    tableUnit: table.unit,
    outsideTrim,
    evaluations: g.evaluations,
    front: g.front.map(row),
    hypervolume: [g.hypervolume],
    bounds: g.bounds,
    ref: g.ref,
    stopReason: g.stopReason,
    infeasible: g.infeasible,
  };
  const unit = `${table.unit === 'percent' ? 'the table gives percentages (0–100), read as fractions' : 'the table gives fractions (0–1)'}${outsideTrim > 0 ? `; ${outsideTrim.toLocaleString('en-US')} of its subnets are outside the trimmed space, left out` : ''}`;
  const head = g.infeasible
    ? `infeasible: ${g.infeasible.message}; the least-violating subnet below`
    : `front of ${g.front.length} of the table's ${g.evaluations} subnets; hypervolume ${g.hypervolume.toFixed(4)}; accuracy: ${ACCURACY_LABELS.table}`;
  write(a.json ? `${JSON.stringify(doc)}\n` : `${head}; ${unit}\n${frontText(doc.front)}\n`);
  return doc;
}

/** `--accuracy predictor`: a ridge predictor fitted on the table, as the search's accuracy (with what to report of it). */
function predictorDeps(a: SearchArgs): { deps: SearchDeps; predictor: Predictor } {
  const samples = (a.table as AccuracyTable).entries;
  let predictor: Predictor;
  try {
    // fitted on the preset (the table's subnets are the preset's); a trimmed search asks it about subnets of its trim
    predictor = fitAndValidate(getSpace(presetIdOf(a.space.id)), samples, createRng(a.seed));
  } catch (e) {
    throw new UsageError(`--table: ${(e as Error).message}`);
  }
  return { deps: { accuracy: predictedAccuracy(predictor, a.space) }, predictor };
}

/** `--exhaustive`: the true front of a space of at most 10⁶ subnets. */
function runExhaustive(
  a: SearchArgs,
  config: SearchConfig,
  deps: SearchDeps,
  common: object,
  write: (s: string) => void,
  tell: (line: () => string) => void,
): unknown {
  const size = spaceSize(a.space);
  if (size > BigInt(MAX_EXHAUSTIVE_SUBNETS)) {
    throw new UsageError(
      `--exhaustive: space ${a.space.id} has ${size.toLocaleString('en-US')} subnets, more than ${MAX_EXHAUSTIVE_SUBNETS.toLocaleString('en-US')}; trim its choice lists (--space <file>) first`,
    );
  }
  const ex = createExhaustive(config, deps);
  for (let p = ex.step(5000); !p.done; p = ex.step(5000)) {
    const at = p;
    tell(
      () =>
        `exhaustive: ${at.evaluated.toLocaleString('en-US')} of ${at.total.toLocaleString('en-US')} subnets (${Math.floor((100 * at.evaluated) / at.total)} %)`,
    );
  }
  const r = ex.result() as ExhaustiveResult;
  const doc = {
    ...common,
    exhaustive: true,
    subnets: r.subnets,
    front: r.front.map(row),
    hypervolume: r.hypervolume.value,
    bounds: r.bounds,
    ref: r.hypervolume.ref,
  };
  write(
    a.json
      ? `${JSON.stringify(doc)}\n`
      : `exhaustive front of ${r.subnets.toLocaleString('en-US')} subnets: ${r.front.length} points, hypervolume ${r.hypervolume.value.toFixed(4)}\n${frontText(doc.front)}\n`,
  );
  return doc;
}

/** NSGA-II generation by generation, the hypervolume of each kept. */
function evolveToEnd(a: SearchArgs, config: SearchConfig, deps: SearchDeps, tell: (line: () => string) => void) {
  const search = createSearch(config, deps);
  const hv: number[] = [];
  let g: SearchGeneration = search.step();
  hv.push(g.hypervolume);
  while (!g.done) {
    g = search.step();
    hv.push(g.hypervolume);
    const at = g;
    tell(
      () =>
        `search: generation ${at.index + 1} of ${a.generations}, ${at.evaluations.toLocaleString('en-US')} subnets evaluated, hypervolume ${at.hypervolume.toFixed(4)}`,
    );
  }
  return { g, hv };
}

/**
 * Runs `search`; returns the JSON document it printed (or printed as text). `progress`, when given,
 * hears how far a long run is (every 2 s: generation or subnets enumerated).
 */
export function runSearch(a: SearchArgs, write: (s: string) => void, progress?: (line: string) => void): unknown {
  const tell = throttled(progress);
  const config: SearchConfig = {
    space: a.space,
    system: a.system,
    objectives: a.objectives,
    schema: a.schema,
    population: a.population,
    generations: a.generations,
    seed: a.seed,
    budgets: a.budgets,
  };
  const source = a.accuracy ?? 'proxy';
  const common = commonFields(a);
  if (source === 'table') return runTable(a, config, common, write);
  const fit = source === 'predictor' ? predictorDeps(a) : null;
  const deps = fit?.deps ?? {};
  const predictor = fit?.predictor ?? null;
  const fitted = predictor
    ? {
        predictor: {
          samples: predictor.trainedOn,
          kendallTau: predictor.kendallTau,
          heldOut: predictor.heldOut,
          heldOutRmse: predictor.heldOutRmse,
        },
      }
    : {};
  if (a.exhaustive) return runExhaustive(a, config, deps, { ...common, ...fitted }, write, tell);
  const { g, hv } = evolveToEnd(a, config, deps, tell);
  const doc = {
    ...common,
    ...fitted,
    seed: a.seed,
    population: a.population,
    generations: hv.length,
    evaluations: g.evaluations,
    front: g.front.map(row),
    hypervolume: hv,
    bounds: g.bounds,
    ref: g.ref,
    stopReason: g.stopReason,
    infeasible: g.infeasible,
  };
  if (a.json) write(`${JSON.stringify(doc)}\n`);
  else {
    const head = g.infeasible
      ? `infeasible: ${g.infeasible.message}`
      : `front of ${g.front.length} subnets after ${hv.length} generations (${g.evaluations} evaluated); hypervolume ${hv[0]?.toFixed(4)} → ${hv.at(-1)?.toFixed(4)}; accuracy: ${ACCURACY_LABELS[source]}${predictor ? ` (Kendall τ ${predictor.kendallTau?.toFixed(2) ?? '—'} on ${predictor.heldOut} held-out subnets)` : ''}`;
    write(`${head}\n${frontText(doc.front)}\n`);
  }
  return doc;
}
