/**
 * How well the page's own accuracy estimate ranks subnets measured elsewhere (issue 18: a table that
 * came back from a cluster): the estimate and the measurement of each subnet of the table, and their
 * Kendall τ — the rank agreement a search cares about (which of two subnets is better), not the values.
 */
import { genomeKey } from '../model/genome.js';
import type { Genome, SearchSpace } from '../types.js';
import { kendallTau } from './kendall.js';

export interface Agreement {
  readonly points: readonly { readonly key: string; readonly estimate: number; readonly measured: number }[];
  /** null below two subnets */
  readonly kendallTau: number | null;
}

/** The estimate against the measurement of every entry (`estimate` gives the page's accuracy of a genome). */
export function agreement(
  space: SearchSpace,
  entries: readonly { readonly genome: Genome; readonly accuracy: number }[],
  estimate: (g: Genome) => number,
): Agreement {
  const points = entries.map((e) => ({ key: genomeKey(space, e.genome), estimate: estimate(e.genome), measured: e.accuracy }));
  return {
    points,
    kendallTau:
      points.length < 2
        ? null
        : kendallTau(
            points.map((p) => p.estimate),
            points.map((p) => p.measured),
          ),
  };
}
