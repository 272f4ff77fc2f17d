/** A layer chain in the units of one objective, and what a placement on it costs. */

/** Per-layer costs of a chain, in the units of the objective. `cim[i]` is Infinity where not eligible. */
export interface Chain {
  readonly npu: ArrayLike<number>;
  readonly cim: ArrayLike<number>;
  /** hand-off cost after layer i when layer i+1 runs on the other unit */
  readonly handoff: ArrayLike<number>;
  /** CIM weight bytes of layer i */
  readonly weight: ArrayLike<number>;
  readonly capacity: number;
}

/** Cost of a placement on a chain (sum of layer costs plus hand-offs). */
export function chainCost(ch: Chain, units: ArrayLike<number>): number {
  let cost = 0;
  for (let i = 0; i < units.length; i++) {
    cost += units[i] === 1 ? (ch.cim[i] as number) : (ch.npu[i] as number);
    if (i > 0 && units[i] !== units[i - 1]) cost += ch.handoff[i - 1] as number;
  }
  return cost;
}

/** CIM bytes a placement uses. */
export function chainWeight(ch: Chain, units: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < units.length; i++) if (units[i] === 1) w += ch.weight[i] as number;
  return w;
}
