/**
 * A search handed to Optuna (issue 18): `study.json`, which `optuna_search.py` (public/export/) reads —
 * every gene of the space with its choices, the hardware (as the `--hw` file `h4h estimate` reads),
 * the schema, the objectives with their directions, the budgets and the NSGA-II settings — so the
 * same search runs on Optuna's `NSGAIISampler` over shared storage, with latency and energy from the
 * `h4h` CLI and accuracy from the user's trainer; subnets already measured start it as finished trials.
 */
import type { AccuracyEntry } from '../accuracy/accuracyTable.js';
import { at } from '../at.js';
import type { System } from '../hardware/hardware.js';
import { canonicalize } from '../model/genome.js';
import { maxOf } from '../numbers.js';
import { estimateGenome } from '../schedule/estimate.js';
import { NSGA_DEFAULTS } from '../search/search.js';
import { OBJECTIVES, type ObjectiveId, type SearchBudgets } from '../search/objectives.js';
import type { SearchSettings } from '../search/settings.js';
import type { Genome, SchemaId, SearchSpace } from '../types.js';
import { genomeToLink } from './linkCodec.js';

export const OPTUNA_SCRIPT = 'export/optuna_search.py';

export interface OptunaStudy {
  readonly format: 'h4h-optuna-study/1';
  readonly name: string;
  readonly h4h: { readonly version: string };
  readonly space: {
    readonly id: string;
    readonly label: string;
    readonly dataset: string;
    readonly r: readonly number[];
    readonly stem: readonly number[];
    /** head-width choices (null: the head is fixed), and the width a genome without the gene has */
    readonly head: readonly number[] | null;
    readonly head_conv: number;
    readonly stages: readonly {
      readonly name: string;
      readonly c: readonly number[];
      readonly d: readonly number[];
      readonly k: readonly number[];
      readonly e: readonly number[];
      readonly m: readonly number[];
      readonly hybrid: boolean;
    }[];
  };
  readonly hw: { readonly id: string; readonly label: string };
  readonly schema: SearchSettings['schema'];
  readonly objectives: readonly { readonly id: ObjectiveId; readonly cli: string | null; readonly direction: 'min' | 'max' }[];
  readonly budgets: SearchBudgets;
  readonly nsga: {
    readonly population: number;
    readonly generations: number;
    readonly seed: number;
    readonly mutationProb: number;
    readonly crossoverProb: number;
  };
  /** subnets already measured (an imported table): the study starts with them as finished trials */
  readonly scored: readonly ScoredSubnet[];
}

/** A measured subnet as a finished trial: its Optuna parameters, its metrics under the study's schema. */
export interface ScoredSubnet {
  readonly arch_id: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly metrics: {
    readonly accuracy: number;
    readonly latencyMs: number;
    readonly energyUj: number;
    readonly params: number;
    readonly macs: number;
  };
}

/** The Optuna parameters `optuna_search.py` suggests for a canonical genome (one per gene; block types as `s3.b2`). */
export function optunaParams(space: SearchSpace, g: Genome): Record<string, number | string> {
  const p: Record<string, number | string> = { r: g.r, stem: g.stem };
  if (space.head) p.head = g.head ?? space.headConv;
  space.stages.forEach((spec, i) => {
    const st = at(g.stages, i);
    Object.assign(p, { [`${spec.name}.c`]: st.c, [`${spec.name}.d`]: st.d, [`${spec.name}.k`]: st.k, [`${spec.name}.e`]: st.e });
    if (!spec.hybrid) return;
    p[`${spec.name}.m`] = st.m;
    for (let b = 2; b <= maxOf(spec.d); b++) p[`${spec.name}.b${b}`] = st.t[b - 1] ?? 'mb';
  });
  return p;
}

/** The table's subnets as finished trials of the study (estimated on `system` under `schema`). */
export function scoredSubnets(space: SearchSpace, system: System, schema: SchemaId, entries: readonly AccuracyEntry[]): ScoredSubnet[] {
  return entries.map((e) => {
    const g = canonicalize(space, e.genome);
    const est = estimateGenome(space, g, system);
    const s = est.schemas[schema];
    return {
      arch_id: genomeToLink(g),
      params: optunaParams(space, g),
      metrics: { accuracy: e.accuracy, latencyMs: s.latencyMs, energyUj: s.energyUj, params: est.params, macs: est.macs },
    };
  });
}

/** The study for a search of `space` (a preset) on `system` with `settings`; refuses what Optuna cannot take. */
export function optunaStudy(
  space: SearchSpace,
  system: System,
  settings: Pick<SearchSettings, 'objectives' | 'schema' | 'population' | 'generations' | 'seed' | 'budgets'>,
  version: string,
  scored: readonly ScoredSubnet[] = [],
): OptunaStudy {
  if (settings.objectives.includes('cimAreaMm2'))
    throw new Error('objectives: CIM area needs hardware co-search, which the Optuna study does not carry');
  const budgets = Object.fromEntries(Object.entries(settings.budgets).filter(([, v]) => v !== undefined)) as SearchBudgets;
  return {
    format: 'h4h-optuna-study/1',
    name: `h4h-${space.id}-${system.id.replace(/\*$/, '-edited')}-${settings.objectives.join('-')}`,
    h4h: { version },
    space: {
      id: space.id,
      label: space.label,
      dataset: space.dataset,
      r: space.r,
      stem: space.stem,
      head: space.head ?? null,
      head_conv: space.headConv,
      stages: space.stages.map((s) => ({ name: s.name, c: s.c, d: s.d, k: s.k, e: s.e, m: s.m, hybrid: s.hybrid })),
    },
    hw: { id: system.id, label: system.label },
    schema: settings.schema,
    objectives: settings.objectives.map((id) => ({ id, cli: OBJECTIVES[id].cli, direction: OBJECTIVES[id].direction })),
    budgets,
    nsga: {
      population: settings.population,
      generations: settings.generations,
      seed: settings.seed,
      mutationProb: NSGA_DEFAULTS.mutationProb,
      crossoverProb: NSGA_DEFAULTS.crossoverProb,
    },
    scored,
  };
}

/** The hardware as the `--hw` file `h4h estimate` reads: the preset it is built on and every parameter. */
export function hwFile(system: System): Readonly<Record<string, unknown>> {
  return { base: system.id.replace(/\*$/, ''), ...system.params };
}
