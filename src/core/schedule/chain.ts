/**
 * Exact placement of a layer chain on two units (0 = NPU, 1 = CIM) under a CIM weight capacity:
 * dynamic programming over (unit of the last layer, CIM bytes used), keeping only labels that are
 * not dominated in (bytes used, cost), with back-pointers instead of copied placements.
 *
 * Four prunings keep it fast and exact:
 * - bound: a label whose cost plus a lower bound on the rest of the chain (the unconstrained optimum,
 *   or the Lagrangian bound for the capacity it has left) exceeds a known feasible cost can never win;
 * - fill: what matters of the bytes a label has left is the most the later CIM-eligible layers can
 *   fill of them, so labels are raised to that (parallelFill.ts; once every remaining layer would
 *   fit, capacity no longer matters: the slack threshold) and dominance keeps only the cheapest;
 * - a layer slower on the CIM than on the NPU with both hand-offs never goes there;
 * - the unconstrained optimum is returned at once when it already fits.
 * The label passes themselves are in chainLabels.ts.
 */

import { chainCost, chainWeight, type Chain } from './chainBase.js';
import { lagrangian, repair } from './chainBounds.js';
import { labelPass, type ChainSolution, type PassInput } from './chainLabels.js';
import { fillSums } from './parallelFill.js';

export { chainCost, chainWeight, type Chain } from './chainBase.js';
export type { ChainSolution } from './chainLabels.js';

/** Exact minimum-cost placement under the capacity (SPEC §4.2 `hetero`). */
export function solveChain(ch: Chain): ChainSolution {
  const L = ch.npu.length;
  const cap = ch.capacity;
  // per-layer arrays of this solve in module scratch, read only until it returns (at nasvit's
  // sizes a fresh typed array lives off the heap and takes about a microsecond to allocate)
  if (scratch.length < 4 * L) scratch = new Float64Array(8 * L);
  const cimCost = scratch.subarray(0, L);
  const restN = scratch.subarray(L, 2 * L);
  const restC = scratch.subarray(2 * L, 3 * L);
  unconstrainedRests(ch, cimCost, restN, restC);
  // unconstrained optimum, walked forward (ties go to the NPU: no capacity used)
  // (its bytes and cost summed along, as `chainWeight` and `chainCost` sum them)
  const free = new Uint8Array(L);
  let used = 0;
  let freeCost = 0;
  for (let i = 0; i < L; i++) {
    let u: number;
    if (i === 0) u = (cimCost[0] as number) + (restC[0] as number) < (ch.npu[0] as number) + (restN[0] as number) ? 1 : 0;
    else {
      const prev = free[i - 1];
      const h = ch.handoff[i - 1] as number;
      const viaN = (ch.npu[i] as number) + (restN[i] as number) + (prev === 1 ? h : 0);
      const viaC = (cimCost[i] as number) + (restC[i] as number) + (prev === 0 ? h : 0);
      u = viaC < viaN ? 1 : 0;
    }
    free[i] = u;
    freeCost += u === 1 ? (ch.cim[i] as number) : (ch.npu[i] as number);
    if (i > 0 && u !== free[i - 1]) freeCost += ch.handoff[i - 1] as number;
    if (u === 1) used += ch.weight[i] as number;
  }
  if (used <= cap) return { units: free, cost: freeCost, states: 2 * L };

  const { lambda, lagN, lagC, low, high } = lagrangian(ch, cimCost);
  // a tight upper bound makes the bound prune most labels: repair the priced placements locally
  repair(ch, cimCost, low, cap);
  const highUnits = high.slice();
  repair(ch, cimCost, highUnits, cap);
  const ub = Math.min(chainCost(ch, low), chainCost(ch, highUnits), chainCost(ch, high));

  // remaining eligible weight after layer i: beyond the slack threshold capacity no longer binds
  const restW = scratch.subarray(3 * L, 4 * L);
  restW[L - 1] = 0;
  for (let i = L - 2; i >= 0; i--)
    restW[i] = (restW[i + 1] as number) + (Number.isFinite(cimCost[i + 1] as number) ? (ch.weight[i + 1] as number) : 0);
  // what the later layers can fill of the bytes left (parallelFill.ts): labels that leave the same
  // fill are merged, exactly (this generalises the slack threshold)
  const eligible: boolean[] = new Array<boolean>(L);
  for (let i = 0; i < L; i++) eligible[i] = Number.isFinite(cimCost[i] as number);
  const fills = fillSums(ch.weight, eligible, cap, 1024).sums;
  const ctx: PassInput = { ch, cimCost, restN, restC, restW, lambda, lagN, lagC, fills };
  // The labels grow fast with the slack of the bound a pass prunes by (on nasvit about twice as many
  // one hundredth of a per cent above the optimum as at it), and the repaired placement is often a
  // few hundredths above. So passes first try guesses just above the Lagrangian lower bound (the
  // priced optimum less the price of the capacity; the optimum is within 3 hundredths of a per cent
  // of it for 4 nasvit subnets in 5): a guess below the optimum leaves no label at the end and the
  // next, doubled, is tried; the last pass uses the feasible `ub` and always succeeds.
  const w0 = ch.weight[0] as number;
  const bound =
    Math.min((ch.npu[0] as number) + (lagN[0] as number), (cimCost[0] as number) + lambda * w0 + (lagC[0] as number)) - lambda * cap;
  for (const frac of GUESSES) {
    const guess = bound + Math.abs(bound) * frac;
    if (!(guess < ub)) break;
    const r = labelPass(ctx, guess);
    if (r) return r;
  }
  const r = labelPass(ctx, ub);
  if (!r) throw new Error('no feasible placement (the all-NPU placement always is)');
  return r;
}

let scratch = new Float64Array(0);

/**
 * Into `cimCost`: the CIM cost, Infinity where a layer cannot go there or never should (on the CIM
 * it costs more than on the NPU with both hand-offs around it: moving it to the NPU would cost less
 * and free its bytes, so no optimum, nor any label dominating one, holds it there; the margin keeps
 * rounding out). Into `restN`, `restC`: the unconstrained optimum of the layers after i, given layer
 * i's unit.
 */
function unconstrainedRests(ch: Chain, cimCost: Float64Array, restN: Float64Array, restC: Float64Array): void {
  const L = ch.npu.length;
  const cap = ch.capacity;
  for (let i = 0; i < L; i++) {
    const c = ch.cim[i] as number;
    const worse = (ch.npu[i] as number) + (i > 0 ? (ch.handoff[i - 1] as number) : 0) + (i < L - 1 ? (ch.handoff[i] as number) : 0);
    cimCost[i] = (ch.weight[i] as number) > cap || c > worse + 1e-9 * Math.abs(worse) ? Infinity : c;
  }
  restN[L - 1] = 0;
  restC[L - 1] = 0;
  for (let i = L - 2; i >= 0; i--) {
    const nextN = (ch.npu[i + 1] as number) + (restN[i + 1] as number);
    const nextC = (cimCost[i + 1] as number) + (restC[i + 1] as number);
    const h = ch.handoff[i] as number;
    restN[i] = Math.min(nextN, h + nextC);
    restC[i] = Math.min(h + nextN, nextC);
  }
}

/** relative slack of the guessed bounds above the Lagrangian bound (see `solveChain`) */
const GUESSES = [3e-4, 6e-4];

/** Reference: exhaustive search over all 2^L placements (tests only; L ≤ ~20). */
export function bruteForceChain(ch: Chain): { units: Uint8Array; cost: number } {
  const L = ch.npu.length;
  let best = { units: new Uint8Array(L), cost: Infinity };
  const units = new Uint8Array(L);
  for (let mask = 0; mask < 1 << L; mask++) {
    let ok = true;
    for (let i = 0; i < L; i++) {
      units[i] = (mask >> i) & 1;
      if (units[i] === 1 && !Number.isFinite(ch.cim[i] as number)) ok = false;
    }
    if (!ok || chainWeight(ch, units) > ch.capacity) continue;
    const cost = chainCost(ch, units);
    if (cost < best.cost) best = { units: units.slice(), cost };
  }
  return best;
}
