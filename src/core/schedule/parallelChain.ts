import { lagrangian } from './parallelDual.js';
import { fillSums } from './parallelFill.js';
import { labelPass, type LabelInput, type LabelResult } from './parallelLabels.js';

/**
 * The exact placement DP behind `parallel` (see parallel.ts). Each layer takes one of three states:
 * 0 = on the NPU, output on the NPU; 1 = weights on the CIM, output gathered on the CIM (all channels
 * there, or split with the NPU); 2 = weights on the CIM, split, output gathered on the NPU. States 1
 * and 2 hold the layer's weights on the CIM. A layer's segment time depends on its state and on where
 * the previous layer's output is (`loc`: 0 NPU for states 0 and 2, 1 CIM for state 1):
 * `cost[(3·i + s)·2 + loc]`, Infinity where a state is not allowed. The total is the sum of segments.
 */

/** where a state leaves the layer's output: 0 NPU, 1 CIM */
export const locOf = (s: number): 0 | 1 => (s === 1 ? 1 : 0);

const at = (i: number, s: number, loc: number): number => (3 * i + s) * 2 + loc;

export interface ParallelChain {
  readonly layers: number;
  readonly cost: Float64Array;
  /** CIM weight bytes of layer i (held in states 1 and 2) */
  readonly weight: ArrayLike<number>;
  readonly capacity: number;
  /**
   * the time to move layer i's whole output to the other unit: a label whose output is on one unit is
   * dominated by a label on the other unit that holds no more CIM bytes and costs at least this less
   * (from there the same later states cost at most this more)
   */
  readonly handoff?: ArrayLike<number>;
}

/** The cost of given states. */
export function statesCost(ch: ParallelChain, states: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < ch.layers; i++) t += ch.cost[at(i, states[i] as number, i > 0 ? locOf(states[i - 1] as number) : 0)] as number;
  return t;
}

/** CIM bytes the states hold. */
export function statesWeight(ch: ParallelChain, states: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < ch.layers; i++) if (states[i] !== 0) w += ch.weight[i] as number;
  return w;
}

let scratchCost = new Float64Array(0);
let restBuf = new Float64Array(0);
const MARGIN = 1e-9;

/**
 * The chain without the entries no optimum uses: a CIM state that costs more than the NPU alone from
 * the same input side and leaves the output on the same unit (state 2 against state 0), or on the
 * other unit with the hand-off to bring it over (state 1 against state 0: from the NPU, every later
 * segment costs at most that hand-off more; see `handoff`). Replacing such an entry by state 0 costs
 * less and frees CIM bytes, so no optimal placement passes through it, nor does any label that
 * dominates one (its completion would be optimal too); a margin keeps rounding from deciding. The
 * label DP then never builds those labels, and a layer left without CIM entries is carried over like
 * an NPU-only layer (tiny CIM-eligible layers that are far slower on the CIM, such as talking-heads
 * projections, are common). Returns a copy in module scratch: valid until the next call.
 */
function pruneStates(ch: ParallelChain): ParallelChain {
  const n = 6 * ch.layers;
  if (scratchCost.length < n) scratchCost = new Float64Array(2 * n);
  const cost = scratchCost.subarray(0, n);
  cost.set(ch.cost.subarray(0, n));
  for (let i = 0; i < ch.layers; i++) {
    const h = ch.handoff ? (ch.handoff[i] as number) : Infinity;
    for (let r = 0; r < 2; r++) {
      const c0 = cost[at(i, 0, r)] as number;
      if ((cost[at(i, 2, r)] as number) > c0 + MARGIN * Math.abs(c0)) cost[at(i, 2, r)] = Infinity;
      if ((cost[at(i, 1, r)] as number) > c0 + h + MARGIN * Math.abs(c0 + h)) cost[at(i, 1, r)] = Infinity;
    }
  }
  return ch.handoff
    ? { layers: ch.layers, cost, weight: ch.weight, capacity: ch.capacity, handoff: ch.handoff }
    : { layers: ch.layers, cost, weight: ch.weight, capacity: ch.capacity };
}

/**
 * The exact minimum under the capacity: labels (CIM bytes used, cost) per state, only the ones not
 * dominated, with back-pointers (the passes are in parallelLabels.ts). Pruned by a bound (a label's
 * cost plus a lower bound on the rest cannot beat `ub`, the cost of a feasible placement), by fill
 * (labels whose bytes left the later layers fill alike share one capacity value; once every
 * remaining layer's weights would fit, capacity no longer matters), and, before the passes, by
 * dropping the states no optimum uses (`pruneStates`). The states may be module scratch: read them
 * before the next call.
 */
export function solveCapacity(full: ParallelChain, ub0: number): { states: Uint8Array; cost: number; labels: number } {
  const ch = pruneStates(full);
  const L = ch.layers;
  const cap = ch.capacity;
  const dual = lagrangian(ch, ub0);
  if (dual.fits) return { states: dual.fits, cost: dual.ub, labels: 0 };
  const lam = dual.lambda;
  const restL = dual.rest;
  // the priced optimum's own completion after each (layer, state): its bytes and its true cost. A
  // label whose bytes plus that completion's fit has a feasible placement: its cost plus the
  // completion's bounds the optimum from above (tightens the pass's bound as it goes)
  // (these per-layer arrays are module scratch, zeroed, read until the solve returns: allocating
  // them took about a microsecond each at nasvit's sizes)
  if (restBuf.length < 10 * L) restBuf = new Float64Array(20 * L);
  restBuf.fill(0, 0, 10 * L);
  const restWt = restBuf.subarray(0, 3 * L);
  const restCost = restBuf.subarray(3 * L, 6 * L);
  completions(ch, lam, restL, restWt, restCost);
  // unconstrained optimum of layers i+1.. given state s at i
  const rest = restBuf.subarray(6 * L, 9 * L);
  unconstrainedRest(ch, rest);
  const eligible: boolean[] = new Array<boolean>(L);
  for (let i = 0; i < L; i++)
    eligible[i] = Number.isFinite(
      Math.min(
        ch.cost[at(i, 1, 0)] as number,
        ch.cost[at(i, 1, 1)] as number,
        ch.cost[at(i, 2, 0)] as number,
        ch.cost[at(i, 2, 1)] as number,
      ),
    );
  // the bytes of the later layers that may hold weights on the CIM
  const restW = restBuf.subarray(9 * L, 10 * L);
  for (let i = L - 2; i >= 0; i--) restW[i] = (restW[i + 1] as number) + (eligible[i + 1] ? (ch.weight[i + 1] as number) : 0);
  // what the later layers can fill of the bytes left (parallelFill.ts): labels that leave the same
  // fill are merged, exactly (up to 1,024 sums a layer: on nasvit a fifth fewer labels than 256, for
  // a little more work on the tables)
  const fills = fillSums(ch.weight, eligible, cap, 1024).sums;
  const input: LabelInput = { ch, lam, restL, rest, restWt, restCost, restW, eligible, fills };
  const run = (ubTry: number): LabelResult | null => labelPass(input, ubTry);
  // a tight guess first (the dual bound is usually within 1–3 hundredths of a per cent of the
  // optimum, rarely 8; a guess below it finds nothing and the next one is tried); the last guess is
  // feasible. The work grows fast with the guess's slack (on nasvit, before the fill tables grew:
  // 15,000 labels at the optimum itself, 25,000 one hundredth of a per cent above it, 40,000 three
  // hundredths above), so starting at 2 hundredths and doubling costs the least there, failing
  // passes included (it took 2.3 times fewer labels than starting at 5 hundredths)
  const lowest = dual.bound;
  for (const frac of [2e-4, 4e-4, 8e-4, 1.6e-3, 6.4e-3, 0.0625]) {
    const r = run(lowest + Math.min(dual.ub - lowest, Math.abs(lowest) * frac));
    if (r) return r;
  }
  const r = run(dual.ub);
  if (!r) throw new Error('parallel: no feasible placement (the all-NPU placement always is)');
  return r;
}

/**
 * The priced optimum's own completion after each (layer i, state): its bytes into `restWt`, its true
 * cost into `restCost` (states 0 and 2 leave the output on the NPU: the same completion).
 */
function completions(ch: ParallelChain, lam: number, restL: Float64Array, restWt: Float64Array, restCost: Float64Array): void {
  for (let i = ch.layers - 2; i >= 0; i--) {
    const w = ch.weight[i + 1] as number;
    for (let loc = 0; loc < 2; loc++) {
      let best = Infinity;
      let bq = 0;
      for (let q = 0; q < 3; q++) {
        const v = (ch.cost[at(i + 1, q, loc)] as number) + (q === 0 ? 0 : lam * w) + (restL[3 * (i + 1) + q] as number);
        if (v < best) {
          best = v;
          bq = q;
        }
      }
      const wt = (bq === 0 ? 0 : w) + (restWt[3 * (i + 1) + bq] as number);
      const c = (ch.cost[at(i + 1, bq, loc)] as number) + (restCost[3 * (i + 1) + bq] as number);
      // loc 0: states 0 and 2; loc 1: state 1
      restWt[3 * i + loc] = wt;
      restCost[3 * i + loc] = c;
      if (loc === 0) {
        restWt[3 * i + 2] = wt;
        restCost[3 * i + 2] = c;
      }
    }
  }
}

/** The unconstrained optimum of the layers after i given layer i's state, into `rest` (zeroed). */
function unconstrainedRest(ch: ParallelChain, rest: Float64Array): void {
  for (let i = ch.layers - 2; i >= 0; i--) {
    for (let loc = 0; loc < 2; loc++) {
      // the three states unrolled (the same minimum: the costs are never NaN)
      const b = 6 * (i + 1) + loc;
      const r = 3 * (i + 1);
      const best = Math.min(
        (ch.cost[b] as number) + (rest[r] as number),
        (ch.cost[b + 2] as number) + (rest[r + 1] as number),
        (ch.cost[b + 4] as number) + (rest[r + 2] as number),
      );
      rest[3 * i + loc] = best;
      if (loc === 0) rest[3 * i + 2] = best;
    }
  }
}
