import {
  SCHEMA_IDS,
  createRng,
  estimateGenome,
  getSpace,
  getSystem,
  sampleGenome,
  type Genome,
  type SearchSpace,
} from '../src/core/index.js';

export interface EstimatorBench {
  readonly space: string;
  readonly subnets: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly meanLayers: number;
  readonly meanHeteroStates: number;
  readonly readTimelines: boolean;
  /** timeline events per subnet, all four schemas (0 unless read) */
  readonly meanEvents: number;
}

/**
 * Estimator throughput (SPEC §10): full estimates (layer list + the four schemas, exact `hetero`) of
 * random subnets on one thread with the default system. The genomes are sampled before timing. The
 * JIT is warmed first (a tenth of the set, at least 200 subnets: a cold first pass reads 20–30 %
 * slow here), then the whole set is timed three times and the median pass is reported: the
 * steady-state rate a search sees. Timelines are built on first read (the search never reads them);
 * `readTimelines` reads all four, to show what drawing the placement timeline adds.
 */
export function benchEstimator(spaceId: string, count: number, seed = 1, readTimelines = false): EstimatorBench {
  const space: SearchSpace = getSpace(spaceId);
  const system = getSystem('u55-mram');
  const rng = createRng(seed);
  const genomes: Genome[] = Array.from({ length: count }, () => sampleGenome(space, rng));
  for (const g of genomes.slice(0, Math.min(count, Math.max(200, Math.round(count / 10))))) estimateGenome(space, g, system);
  let layers = 0;
  let states = 0;
  let events = 0;
  const passes: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    layers = 0;
    states = 0;
    events = 0;
    const t0 = performance.now();
    for (const g of genomes) {
      const e = estimateGenome(space, g, system);
      layers += e.layers.length;
      states += (e.schemas.hetero as { states?: number }).states ?? 0;
      if (readTimelines) for (const id of SCHEMA_IDS) events += e.schemas[id].timeline.length;
    }
    passes.push((performance.now() - t0) / 1000);
  }
  const seconds = [...passes].sort((a, b) => a - b)[1] as number;
  return {
    space: spaceId,
    subnets: count,
    seconds,
    perSecond: count / seconds,
    meanLayers: layers / count,
    meanHeteroStates: states / count,
    readTimelines,
    meanEvents: events / count,
  };
}
