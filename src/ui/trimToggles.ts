/**
 * The search space editor's edits of a space's trims (`SpaceEditor`): a choice toggled on or off for
 * a top-level gene or a stage's gene. A gene left with all its choices loses its trim, and a stage
 * with no trims left is dropped, so the whole space is `{}`.
 */
import type { SearchSpace, SpaceTrims, StageTrim } from '../core';

/** `list` with `v` toggled, in the order of `all`; undefined when that keeps every choice. */
function toggle(list: readonly number[], all: readonly number[], v: number): number[] | undefined {
  const next = list.includes(v) ? list.filter((x) => x !== v) : all.filter((x) => x === v || list.includes(x));
  return next.length === all.length ? undefined : next;
}

/** `trims` with choice `v` of the space's `field` (resolution, stem or head width) toggled. */
export function toggleTopTrim(trims: SpaceTrims, space: SearchSpace, field: 'r' | 'stem' | 'head', v: number): SpaceTrims {
  const all = space[field] ?? [];
  const next = toggle(trims[field] ?? all, all, v);
  const { [field]: _drop, ...rest } = trims;
  void _drop;
  return next === undefined ? rest : { ...rest, [field]: next };
}

/** `trims` with choice `v` of gene `gene` of stage `stage` (whose choices are `all`) toggled. */
export function toggleStageTrim(
  trims: SpaceTrims,
  stage: string,
  gene: keyof Omit<StageTrim, 'hybrid'>,
  all: readonly number[],
  v: number,
): SpaceTrims {
  const cur = trims.stages?.[stage] ?? {};
  const next = toggle(cur[gene] ?? all, all, v);
  const { [gene]: _drop, ...restGene } = cur;
  void _drop;
  const stageTrim: StageTrim = next === undefined ? restGene : { ...restGene, [gene]: next };
  const { [stage]: _s, ...otherStages } = trims.stages ?? {};
  void _s;
  const stages = Object.keys(stageTrim).length === 0 ? otherStages : { ...otherStages, [stage]: stageTrim };
  return { ...trims, stages };
}
