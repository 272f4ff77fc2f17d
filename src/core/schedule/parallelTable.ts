import { cimTimeUs } from '../hardware/cost.js';
import type { HwParams } from '../hardware/hardware.js';
import { splitRow } from './layerCache.js';
import { searchSplit, splitBound, splitLayer, type SplitLayer } from './parallelSplit.js';
import type { Layer, LayerCost, ScheduleResult } from '../types.js';

/**
 * The segment table of `parallel` (parallel.ts): each layer's segment time for each state and input
 * side (the layout of parallelChain.ts), the splits searched (parallelSplit.ts, cached across
 * estimates by layerCache.ts) only where they can still matter, with the unconstrained DP run
 * along when the capacity cannot bind.
 */
export interface Table {
  readonly layers: readonly Layer[];
  readonly costs: readonly LayerCost[];
  readonly hw: HwParams;
  readonly hetero: ScheduleResult;
  readonly byLatency: boolean;
  readonly capacity: number;
  /** segment times `[(3·i + state)·2 + loc]` (see parallelChain.ts), Infinity where not allowed */
  readonly cost: Float64Array;
  /** the CIM channel count of each entry of states 1 and 2 */
  readonly channels: Int32Array;
  /** the CIM compute units, and the macros of each */
  readonly units: number;
  readonly macrosPerCu: number;
}

/** A table for `L` layers on module scratch: valid until the next call. */
export function newTable(
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  hw: HwParams,
  hetero: ScheduleResult,
  byLatency: boolean,
  capacity: number,
): Table {
  const L = layers.length;
  if (scratchCost.length < 6 * L) {
    scratchCost = new Float64Array(12 * L);
    scratchChannels = new Int32Array(12 * L);
  }
  const units = hw.cimUnits;
  const macrosPerCu = Math.max(1, Math.floor(hw.cimMacros / units));
  return { layers, costs, hw, hetero, byLatency, capacity, cost: scratchCost, channels: scratchChannels, units, macrosPerCu };
}

/**
 * Fills the segment table. With `dp`, runs the unconstrained DP along (returning its states) and
 * searches a split only where it can still matter: below the best value the same state already has
 * from the other input side, and, with the latency objective, below the NPU alone (state 1 may
 * exceed that by the layer's hand-off: no later segment gains more from finding its input on the
 * CIM). Other entries keep the unsplit value, an upper bound that the optimum never uses (the
 * exchange argument in ARCHITECTURE: replacing such an entry by the NPU alone costs no more and
 * holds fewer CIM bytes). Without `dp`, every entry is exact or above both the unsplit layer and
 * the NPU alone (what the capacity DP needs); returns null.
 */
export function fillTable(t: Table, dp: boolean): Uint8Array | null {
  const { layers, costs, cost, byLatency, capacity } = t;
  const L = layers.length;
  if (scratchBp.length < 3 * L) {
    scratchBp = new Uint8Array(6 * L);
    scratchStates = new Uint8Array(2 * L);
  }
  const bp = dp ? scratchBp : null;
  cost.fill(Infinity, 0, 6 * L);
  // the unconstrained optimum so far, by where the last output is: NPU (state 0 or 2), CIM (state 1)
  let fN = 0;
  let qN = 0;
  let fC = Infinity;
  let f0 = 0;
  let f1 = Infinity;
  let f2 = Infinity;
  for (let i = 0; i < L; i++) {
    const layer = layers[i] as Layer;
    const c = costs[i] as LayerCost;
    const h = i > 0 ? (costs[i - 1] as LayerCost).handoffUs : 0;
    const onCim = byLatency ? c.cim !== null && layer.weightBytes <= capacity : t.hetero.placement[i] === 'CIM';
    const base = 6 * i;
    if (byLatency || !onCim) {
      // the input crosses the link when it is on the other unit (the first layer's is on both)
      cost[base] = c.npu.timeUs;
      cost[base + 1] = c.npu.timeUs + h;
    }
    // state 0, and the best over states for each input side as entries are settled
    const viaN = fN + (cost[base] as number);
    const viaC = fC + (cost[base + 1] as number);
    const v0 = viaN <= viaC ? viaN : viaC;
    const b0 = viaN <= viaC ? qN : 1;
    best.v1 = Infinity;
    best.b1 = 0;
    best.v2 = Infinity;
    best.b2 = 0;
    if (onCim) fillSplits(t, i, h, fN, fC, qN, v0, dp);
    if (bp) {
      bp[3 * i] = b0;
      bp[3 * i + 1] = best.b1;
      bp[3 * i + 2] = best.b2;
    }
    f0 = v0;
    f1 = best.v1;
    f2 = best.v2;
    fN = f2 < f0 ? f2 : f0;
    qN = f2 < f0 ? 2 : 0;
    fC = f1;
  }
  return bp ? backtrack(bp, L, f0, f1, f2) : null;
}

/** The unconstrained DP's states, back from the best final state (module scratch, first L entries). */
function backtrack(bp: Uint8Array, L: number, f0: number, f1: number, f2: number): Uint8Array {
  let s = f1 < f0 ? 1 : 0;
  if (f2 < Math.min(f0, f1)) s = 2;
  // read by the caller before the next schedule
  const states = scratchStates;
  for (let i = L - 1; i >= 0; i--) {
    states[i] = s;
    s = bp[3 * i + s] ?? 0;
  }
  return states;
}

/**
 * The entries of states 1 and 2 of CIM layer i (its input after a hand-off `h` when it crosses),
 * from each input side (the DP's best so far `fN`, `fC`: with `dp`, a split must beat what is
 * known), and the best of each state into `best` (state 0's value `v0` tightens the thresholds).
 */
function fillSplits(t: Table, i: number, h: number, fN: number, fC: number, qN: number, v0: number, dp: boolean): void {
  const { hw, cost, channels, byLatency, units: U, macrosPerCu } = t;
  const layer = t.layers[i] as Layer;
  const c = t.costs[i] as LayerCost;
  let { v1, b1, v2, b2 } = best;
  const base = 6 * i;
  const cOut = layer.shape.cOut;
  // the layer's cached split results (layerCache.ts), looked up when first needed
  let row: Float64Array | undefined;
  let cimAll = (c.cim as NonNullable<LayerCost['cim']>).timeUs;
  if (U > 1) {
    row = splitRow(layer, c.npuResident, h);
    if (Number.isNaN(row[12])) row[12] = cimTimeUs(layer, hw, Math.ceil(cOut / U), macrosPerCu);
    cimAll = row[12] as number;
  }
  let sl: SplitLayer | undefined;
  // a split's NPU part takes at least its overhead and, unless depthwise, reading the whole input
  const npuFloor = hw.npuOverheadUs + (layer.kind === 'dwconv' ? 0 : layer.inBytes / (hw.npuSramGBps * 1e3));
  // the cheaper input side first: its value tightens the other's threshold (the first layer's
  // input is on both units: one side)
  const first = i > 0 && fC < fN ? 1 : 0;
  for (let side = 0; side < (i === 0 ? 1 : 2); side++) {
    const loc = side === 0 ? first : 1 - first;
    const f = !dp ? 0 : loc === 0 ? fN : fC;
    // an input side that costs at least one hand-off more than the other is never needed: from
    // the other side every state costs at most that hand-off more
    if (f === Infinity || (dp && f >= (loc === 0 ? fC : fN) + h)) continue;
    // the case in locals, written to the shared `sc` only for a bound or search not yet cached (six
    // stores a case otherwise)
    const startN = loc === 1 ? h : 0;
    const startC = loc === 0 ? h : 0;
    const unsplitC = startC + cimAll;
    const alone = byLatency ? c.npu.timeUs + startN : Infinity;
    for (let s = 1; s < 3; s++) {
      const gatherN = s === 2;
      const unsplit = gatherN ? unsplitC + c.handoffUs : unsplitC;
      const beat = dp ? (gatherN ? Math.min(v2, v0) : Math.min(v1, v0 + c.handoffUs)) - f : Infinity;
      const prune = Math.min(unsplit, gatherN ? alone : alone + c.handoffUs, beat);
      // the cached bound and search (layerCache.ts): computed once per layer and case
      const j = 3 * (2 * loc + s - 1);
      let e = unsplit;
      let n = cOut;
      if (cOut >= 2 && startN + npuFloor < prune) {
        row ??= splitRow(layer, c.npuResident, h);
        if (Number.isNaN(row[j])) {
          setCase(startN, startC, h, gatherN, unsplit, prune);
          row[j] = splitBound((sl ??= splitLayer(layer, c, hw, U, macrosPerCu)), sc);
        }
        if ((row[j] as number) < prune) {
          if (Number.isNaN(row[j + 1])) {
            setCase(startN, startC, h, gatherN, unsplit, prune);
            searchSplit((sl ??= splitLayer(layer, c, hw, U, macrosPerCu)), sc, split);
            row[j + 1] = split.cost;
            row[j + 2] = split.n;
          }
          e = row[j + 1] as number;
          n = row[j + 2] as number;
        }
      }
      const k = base + 2 * s + loc;
      cost[k] = e;
      channels[k] = n;
      const v = f + e;
      if (gatherN && v < v2) {
        v2 = v;
        b2 = loc === 0 ? qN : 1;
      } else if (!gatherN && v < v1) {
        v1 = v;
        b1 = loc === 0 ? qN : 1;
      }
    }
  }
  best.v1 = v1;
  best.b1 = b1;
  best.v2 = v2;
  best.b2 = b2;
  // the first layer's input is on both units: both entries are the same
  if (i === 0) for (let k = 1; k < 6; k += 2) copyEntry(t, base + k - 1, base + k);
}

function copyEntry(t: Table, from: number, to: number): void {
  t.cost[to] = t.cost[from] as number;
  t.channels[to] = t.channels[from] as number;
}

/** scratch for the segment table: used within one call only */
let scratchCost = new Float64Array(0);
let scratchChannels = new Int32Array(0);
let scratchBp = new Uint8Array(0);
let scratchStates = new Uint8Array(0);
/** the best value of states 1 and 2 at the layer being filled, and the state before each */
const best = { v1: Infinity, b1: 0, v2: Infinity, b2: 0 };
const split = { cost: 0, n: 0 };
const sc = { startN: 0, startC: 0, linkReady: 0, toNpu: false, unsplit: 0, prune: 0 };
function setCase(startN: number, startC: number, linkReady: number, toNpu: boolean, unsplit: number, prune: number): void {
  sc.startN = startN;
  sc.startC = startC;
  sc.linkReady = linkReady;
  sc.toNpu = toNpu;
  sc.unsplit = unsplit;
  sc.prune = prune;
}
