/**
 * The paper experiment (issue 17), one code path for the page's paper view (in the search worker)
 * and `h4h paper`: two NSGA-II searches of accuracy against latency with the same seed, settings and
 * hardware — the hybrid space and its MBConv-only trim — then claim 1 on their fronts, claim 2 along
 * the hybrid front and claim 3 on the subnet of claim 2's largest saving. A generator: each search
 * generation is yielded as progress, so the worker can let a cancel in between; the CLI runs it through.
 */
import { predictedAccuracy } from '../accuracy/predict.js';
import { scoreTable } from '../accuracy/accuracyTable.js';
import { HW_PARAMS, provenanceOf, type Provenance } from '../hardware/hardware.js';
import { genomeKey, presetIdOf } from '../model/genome.js';
import { getSpace } from '../model/spaces.js';
import { trimSpace } from '../search/exhaustive.js';
import { createSearch } from '../search/search.js';
import type { SearchConfig, SearchDeps, SearchPoint } from '../search/searchProblem.js';
import type { SearchSpace } from '../types.js';
import { executionClaim, scalingClaim } from './executionClaim.js';
import { hybridClaim } from './hybridClaim.js';
import type { HybridClaim, PaperConditions, PaperInput, PaperPoint, PaperProgress, PaperResult, PaperSearch } from './paperTypes.js';

/** The paper view's search settings unless the link says otherwise: the CLI's 50 generations of 64. */
export const PAPER_SEARCH: PaperSearch = { schema: 'hetero', population: 64, generations: 50, seed: 1 };

/** Why the proxy cannot test claim 1 (the view and the CLI print this). */
export const PROXY_REFUSAL =
  'Claim 1 needs accuracies that know block types. The proxy accuracy is a function of MACs and depth only: it cannot tell an MBConv block from a transformer, so a hybrid-against-MBConv comparison on it would only restate the MAC counts. Use the shipped supernet (mini), a supernet trained on this page, or an imported table of measured accuracies.';

/** The hybrid space with every block MBConv: each stage that may hold transformers loses them (null: the space has none). */
export function mbOnlySpace(space: SearchSpace): SearchSpace | null {
  const hybrid = space.stages.filter((s) => s.hybrid);
  if (hybrid.length === 0) return null;
  return trimSpace(space, { stages: Object.fromEntries(hybrid.map((s) => [s.name, { hybrid: false as const }])) });
}

function toPoint(space: SearchSpace, p: SearchPoint): PaperPoint {
  const arch = { ...p.genome, space: presetIdOf(p.genome.space) };
  return {
    arch,
    key: genomeKey(space, arch),
    accuracy: p.metrics.accuracy,
    latencyMs: p.metrics.latencyMs,
    energyUj: p.metrics.energyUj,
    params: p.metrics.params,
    macs: p.metrics.macs,
    transformers: arch.stages.reduce((n, s) => n + s.t.filter((t) => t === 'vit').length, 0),
  };
}

interface Searched {
  readonly front: PaperPoint[];
  readonly evaluated: number;
}

/** One search of accuracy against latency on `space` (a table: its subnets in the space scored whole). */
function* searchFront(input: PaperInput, space: SearchSpace, phase: PaperProgress['phase']): Generator<PaperProgress, Searched> {
  const preset = getSpace(presetIdOf(space.id));
  const config: SearchConfig = { space, system: input.system, objectives: ['accuracy', 'latencyMs'], ...input.search, budgets: {} };
  const sorted = (f: readonly SearchPoint[]): PaperPoint[] =>
    f.map((p) => toPoint(preset, p)).sort((a, b) => a.latencyMs - b.latencyMs || b.accuracy - a.accuracy);
  const acc = input.accuracy;
  if (acc.source === 'table') {
    const { generation } = scoreTable(config, acc.table);
    yield { phase, generation: 1, generations: 1 };
    return { front: sorted(generation.front), evaluated: generation.evaluations };
  }
  const deps: SearchDeps = acc.source === 'predictor' ? { accuracy: predictedAccuracy(acc.predictor, space) } : {};
  const search = createSearch(config, deps);
  for (;;) {
    const g = search.step();
    yield { phase, generation: g.index + 1, generations: input.search.generations };
    if (g.done) return { front: sorted(g.front), evaluated: g.evaluations };
  }
}

function conditions(input: PaperInput): PaperConditions {
  const hwProvenance: Record<Provenance, number> = { 'measured-public': 0, 'vendor-default': 0, assumed: 0 };
  for (const p of HW_PARAMS) hwProvenance[provenanceOf(input.system, p.key).provenance] += 1;
  const a = input.accuracy;
  return {
    space: input.space.id,
    spaceLabel: input.space.label,
    dataset: input.space.dataset,
    hw: input.system.id,
    hwLabel: input.system.label,
    hwProvenance,
    schema: input.search.schema,
    accuracy: { source: a.source, from: a.source === 'proxy' ? 'the MAC/depth proxy (SPEC §5)' : a.from },
    search: input.search,
  };
}

/** The whole experiment, step by step; its return value is every number the view and `h4h paper` show. */
export function* paperRun(input: PaperInput): Generator<PaperProgress, PaperResult> {
  const space = input.space;
  const hybrid = yield* searchFront(input, space, 'hybrid');
  const mb = mbOnlySpace(space);
  let claim1: HybridClaim;
  if (input.accuracy.source === 'proxy') claim1 = { testable: false, reason: PROXY_REFUSAL };
  else if (!mb) claim1 = { testable: false, reason: `The space "${space.id}" has no transformer choices: there is no hybrid to compare.` };
  else {
    let mbOnly: Searched | null = null;
    try {
      mbOnly = yield* searchFront(input, mb, 'mbOnly');
    } catch (e) {
      // a table without an MBConv-only subnet: said, not thrown (claims 2 and 3 still run)
      if (input.accuracy.source !== 'table') throw e;
      claim1 = { testable: false, reason: `The table has no MBConv-only subnet to search: ${(e as Error).message}` };
    }
    claim1 ??= mbOnly
      ? hybridClaim(
          { hybrid: hybrid.front, mbOnly: mbOnly.front },
          { hybrid: hybrid.evaluated, mbOnly: mbOnly.evaluated },
          space.dataset,
          input.accuracy.source === 'table' ? "the table's measured" : 'predicted',
        )
      : { testable: false, reason: 'The MBConv-only search gave no front.' };
  }
  const execution = executionClaim(space, input.system, hybrid.front);
  return { conditions: conditions(input), hybrid: claim1, execution, scaling: scalingClaim(space, input.system, execution) };
}

/** Runs `paperRun` to its end (the CLI; tests). */
export function runPaper(input: PaperInput, onProgress?: (p: PaperProgress) => void): PaperResult {
  const run = paperRun(input);
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
    onProgress?.(r.value);
  }
}
