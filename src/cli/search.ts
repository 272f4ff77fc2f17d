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
  validateSearchSettings,
  createSearch,
  fitAndValidate,
  MAX_EXHAUSTIVE_SUBNETS,
  predictedAccuracy,
  scoreTable,
  spaceSize,
  type AccuracySource,
  type AccuracyTable,
  type ExhaustiveResult,
  type Genome,
  type SearchSettings,
  type Predictor,
  type SearchDeps,
  type SearchGeneration,
  type ObjectiveId,
  type SchemaId,
  type SearchBudgets,
  type SearchConfig,
  type SearchSpace,
  type System,
} from '../core/index.js';
import { UsageError } from './args.js';

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

/** `--objectives accuracy,latency,energy`: the short names of SPEC §9 (how many: core's one schema, `validateSearchSettings`). */
export function objectivesArg(value: string | undefined): ObjectiveId[] {
  const names: Record<string, ObjectiveId> = { accuracy: 'accuracy', latency: 'latencyMs', energy: 'energyUj', params: 'params' };
  const list = (value ?? 'accuracy,latency,energy')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.map((n) => {
    const id = Object.hasOwn(names, n) ? names[n] : undefined;
    if (!id) throw new UsageError(`--objectives: unknown "${n.slice(0, 30)}" (allowed: accuracy, latency, energy, params)`);
    return id;
  });
}

/** The flag that sets each field of the search settings, for the messages. */
const FLAGS: Readonly<Record<string, string>> = {
  'search.objectives': '--objectives',
  'search.schema': '--schema',
  'search.population': '--population',
  'search.generations': '--generations',
  'search.seed': '--seed',
  'search.accuracy': '--accuracy',
  'search.budgets.latencyMs': '--max-latency',
  'search.budgets.energyUj': '--max-energy',
  'search.budgets.params': '--max-params',
  'search.exhaustive': '--exhaustive',
  'search.space': '--space',
};

/** A whole-number flag as written (digits only; anything else is NaN, which the schema refuses); absent: `fallback`. */
export const wholeFlag = (value: string | undefined, fallback: number): number =>
  value === undefined ? fallback : /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;

/** The flags of `h4h search` as search settings, checked by the same schema as the page and the URL (core/search/searchSettings.ts). */
export function searchSettingsArgs(
  flags: {
    readonly objectives?: string | undefined;
    readonly schema: SchemaId;
    readonly population?: string | undefined;
    readonly generations?: string | undefined;
    readonly seed?: string | undefined;
    readonly accuracy: AccuracySource;
    readonly budgets: SearchBudgets;
    readonly exhaustive: boolean;
  },
  space: SearchSpace,
): SearchSettings {
  const raw = { population: flags.population, generations: flags.generations, seed: flags.seed };
  const settings: SearchSettings = {
    objectives: objectivesArg(flags.objectives),
    schema: flags.schema,
    population: wholeFlag(flags.population, 64),
    generations: wholeFlag(flags.generations, 50),
    seed: wholeFlag(flags.seed, 1),
    budgets: flags.budgets,
    accuracy: flags.accuracy,
    coSearch: false,
    trims: {},
    exhaustive: flags.exhaustive,
  };
  const errors = validateSearchSettings(settings, space);
  if (errors.length > 0) {
    throw new UsageError(
      errors
        .map((e) => {
          const field = e.slice(0, e.indexOf(':'));
          const given = raw[field.slice('search.'.length) as keyof typeof raw];
          return `${FLAGS[field] ?? field}${e.slice(field.length)}${given !== undefined ? ` (got "${given.slice(0, 30)}")` : ''}`;
        })
        .join('\n'),
    );
  }
  return settings;
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

function frontText(front: readonly FrontRow[]): string {
  const lines = front.map(
    (f) =>
      `  ${(f.accuracy * 100).toFixed(2).padStart(6)} %  ${f.latencyMs.toFixed(3).padStart(9)} ms  ${f.energyUj.toFixed(2).padStart(9)} µJ  ${String(f.params).padStart(8)} params  ${JSON.stringify(f.arch)}`,
  );
  return ['  accuracy    latency      energy', ...lines].join('\n');
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
  const common = {
    space: a.space.id,
    hw: a.system.id,
    objectives: a.objectives,
    schema: a.schema,
    accuracySource: source,
    accuracyLabel: ACCURACY_LABELS[source],
    budgets: a.budgets,
  };
  if (source === 'table') {
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
  let predictor: Predictor | null = null;
  let deps: SearchDeps = {};
  if (source === 'predictor') {
    const samples = (a.table as AccuracyTable).entries;
    try {
      // fitted on the preset (the table's subnets are the preset's); a trimmed search asks it about subnets of its trim
      predictor = fitAndValidate(getSpace(presetIdOf(a.space.id)), samples, createRng(a.seed));
    } catch (e) {
      throw new UsageError(`--table: ${(e as Error).message}`);
    }
    deps = { accuracy: predictedAccuracy(predictor, a.space) };
  }
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
  if (a.exhaustive) {
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
      ...fitted,
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
