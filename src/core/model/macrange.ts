import { at } from '../at.js';
import { maxOf, minOf } from '../numbers.js';
import { canonicalize } from './genome.js';
import { INT8, outSize, totalMacs, conv, type FeatureMap, type LayerSite } from './layers.js';
import { blockBuilders } from './nasvitLayers.js';
import type { BlockType, Genome, SearchSpace, StageGenome } from '../types.js';

/** The MAC range of a space with the subnets that attain it. */
export interface MacRange {
  readonly minMacs: number;
  readonly maxMacs: number;
  readonly smallest: Genome;
  readonly largest: Genome;
}

const SITE: LayerSite = { prefix: '', stage: 0, block: 0, group: 'mb' };

interface Choice {
  macs: number;
  stage: StageGenome;
}

/**
 * Best stage choice (min or max MACs) for a given input map. Within a stage every block after the
 * first sees the same c-channel map, so one block type (and the extreme MLP ratio) is optimal for all.
 */
function bestStage(space: SearchSpace, si: number, x: FeatureMap, c: number, sign: 1 | -1): Choice {
  const spec = space.stages[si];
  if (!spec) throw new Error(`stage ${si} missing`);
  let best: Choice | null = null;
  const build = blockBuilders(space);
  const mExtreme = sign > 0 ? minOf(spec.m) : maxOf(spec.m);
  for (const k of spec.k) {
    for (const e of spec.e) {
      const first = build.mb(SITE, x, c, k, e, spec.stride, spec, INT8);
      const y = first.out;
      const mbMacs = totalMacs(build.mb(SITE, y, c, k, e, 1, spec, INT8).layers);
      const vitMacs = spec.hybrid ? totalMacs(build.vit(SITE, y, mExtreme, INT8)) : Number.NaN;
      const useVit = spec.hybrid && sign * vitMacs < sign * mbMacs;
      const later = useVit ? vitMacs : mbMacs;
      for (const d of spec.d) {
        const macs = totalMacs(first.layers) + (d - 1) * later;
        if (best === null || sign * macs < sign * best.macs) {
          const t = Array.from({ length: d }, (_, j): BlockType => (j > 0 && useVit ? 'vit' : 'mb'));
          best = { macs, stage: { c, d, k, e, t, m: useVit ? mExtreme : at(spec.m, 0) } };
        }
      }
    }
  }
  if (best === null) throw new Error(`stage ${spec.name} has no choices`);
  return best;
}

function extreme(space: SearchSpace, sign: 1 | -1): { macs: number; genome: Genome } {
  let best: { macs: number; genome: Genome } | null = null;
  for (const r of space.r) {
    for (const stem of space.stem) {
      const stemLayer = conv(SITE, 'stem', { h: r, w: r, c: space.inputChannels }, 3, 2, stem, INT8);
      // DP over stages: state = channels leaving the previous stage
      let states = new Map<number, { macs: number; stages: StageGenome[] }>([[stem, { macs: stemLayer.macs, stages: [] }]]);
      let h = outSize(r, 2);
      space.stages.forEach((spec, si) => {
        const next = new Map<number, { macs: number; stages: StageGenome[] }>();
        for (const [cin, st] of states) {
          for (const c of spec.c) {
            const ch = bestStage(space, si, { h, w: h, c: cin }, c, sign);
            const macs = st.macs + ch.macs;
            const cur = next.get(c);
            if (!cur || sign * macs < sign * cur.macs) next.set(c, { macs, stages: [...st.stages, ch.stage] });
          }
        }
        states = next;
        h = outSize(h, spec.stride);
      });
      // the head: its own term, for each width it may have (a gene of `nasvit`; else the fixed headConv)
      for (const [c, st] of states) {
        for (const width of space.head ?? [space.headConv]) {
          const macs = st.macs + totalMacs(blockBuilders(space).head(0, { h, w: h, c }, width, INT8));
          if (!best || sign * macs < sign * best.macs) {
            best = { macs, genome: canonicalize(space, { space: space.id, r, stem, head: width, stages: st.stages }) };
          }
        }
      }
    }
  }
  if (!best) throw new Error(`space ${space.id} has no subnets`);
  return best;
}

const cache = new WeakMap<SearchSpace, MacRange>();

/** Exact smallest and largest MACs over all subnets of a space (head width included where it is a gene), with the subnets that attain them. */
export function macRange(space: SearchSpace): MacRange {
  const hit = cache.get(space);
  if (hit) return hit;
  const lo = extreme(space, 1);
  const hi = extreme(space, -1);
  const r: MacRange = { minMacs: lo.macs, maxMacs: hi.macs, smallest: lo.genome, largest: hi.genome };
  cache.set(space, r);
  return r;
}

/** The subnet with the fewest MACs ("smallest" always means by MACs: the CLI's `sample --kind`, a lesson's `g`). */
export const smallestGenome = (space: SearchSpace): Genome => macRange(space).smallest;
/** The subnet with the most MACs ("largest" always means by MACs; every gene at its max is `mbOnlyGenomeAt`, training's phase 1). */
export const largestGenome = (space: SearchSpace): Genome => macRange(space).largest;
