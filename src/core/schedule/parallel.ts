import { cimCost, cimTimeUs, npuCost, staticEnergyUj } from '../hardware/cost.js';
import { cimCapacityBytes, type HwParams } from '../hardware/hardware.js';
import { locOf, solveCapacity, statesCost, type ParallelChain } from './parallelChain.js';
import { beginLayers, layerRow } from './parallelCache.js';
import { searchSplit, splitBound, splitLayer, type SplitLayer } from './parallelSplit.js';
import { plainSchedule, type PlainSchedule } from './schedule.js';
import type { Layer, LayerCost, Placement, ScheduleResult, TimelineEvent } from '../types.js';

/**
 * `parallel` (SPEC §4.2): `hetero` plus channel splits and concurrent compute units, on the NPU, CIM
 * (U compute units) and link lanes. Each CIM layer may split its output channels between the NPU and
 * the CIM, both parts running at once, and its CIM share is spread over the U compute units.
 *
 * The schedule is a chain of segments, one per layer: a layer starts when its whole input is on every
 * unit it runs on (a split layer's input is copied to the other unit first), and its segment ends when
 * its whole output is on the unit the next layer reads it from (a split gathers its output on the NPU
 * or on the CIM). With the latency objective, the placement — NPU, CIM, or split gathered on either
 * unit, and the channel count of each split — is the exact latency minimum under the CIM capacity:
 * a DP over the chain (parallelChain.ts) whose segment costs are themselves exact minima over the
 * channel count (parallelSplit.ts).
 *
 * Why this shape: the latency is then the minimum, over a set of placements that does not depend on
 * the hardware (and only grows with the CIM capacity), of sums of maxima of sums of per-part times,
 * each of which never rises on better hardware. So `parallel` is never slower on strictly better
 * hardware (the property test in monotone.test.ts). The list schedule it replaces took the `hetero`
 * placement as given and chose each layer's split greedily, so a faster unit could change the
 * placement or an early split and leave later layers worse off: 0.137 → 0.144 ms on doubling the
 * weight bandwidth (issue 14). The unsplit `hetero` placement is one of the candidates, so
 * `parallel` is never slower than `hetero` either.
 *
 * With the energy or energy·delay objective the placement stays `hetero`'s for that objective (no
 * layer moves unit); its CIM layers may still split, with the counts that minimise latency.
 */
export function scheduleParallel(
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  hw: HwParams,
  hetero: ScheduleResult,
): ScheduleResult {
  const L = layers.length;
  const capacity = cimCapacityBytes(hw);
  const byLatency = (hetero.objective ?? 'latency') === 'latency';
  if (scratchCost.length < 6 * L) {
    scratchCost = new Float64Array(12 * L);
    scratchChannels = new Int32Array(12 * L);
  }
  beginLayers(hw);
  const t: Table = { layers, costs, hw, hetero, byLatency, capacity, cost: scratchCost, channels: scratchChannels };
  // the bytes of every layer that may hold weights on the CIM: when they all fit, the capacity cannot
  // bind and the unconstrained DP (with its tighter skips) is the answer; else every entry is needed
  // for the capacity DP, which returns the unconstrained optimum itself when that fits
  let eligibleBytes = 0;
  if (byLatency)
    for (let i = 0; i < L; i++)
      if ((costs[i] as LayerCost).cim !== null && (layers[i] as Layer).weightBytes <= capacity)
        eligibleBytes += (layers[i] as Layer).weightBytes;
  let states: Uint8Array;
  if (eligibleBytes > capacity) {
    fillTable(t, false);
    const ch: ParallelChain = {
      layers: L,
      cost: t.cost,
      weight: layers.map((l) => l.weightBytes),
      capacity,
      handoff: costs.map((c) => c.handoffUs),
    };
    // bounded by the hetero placement unsplit (feasible)
    const heteroStates = Uint8Array.from(hetero.placement, (p) => (p === 'NPU' ? 0 : 1));
    states = solveCapacity(ch, statesCost(ch, heteroStates)).states;
  } else states = fillTable(t, true) as Uint8Array;
  const channels = t.channels;
  const nCim: number[] = new Array<number>(L);
  const placement: Placement[] = new Array<Placement>(L);
  let cimWeightBytes = 0;
  for (let i = 0; i < L; i++) {
    const s = states[i] as number;
    const n = s === 0 ? 0 : (channels[(3 * i + s) * 2 + (i > 0 ? locOf(states[i - 1] as number) : 0)] as number);
    nCim[i] = n;
    const cOut = (layers[i] as Layer).shape.cOut;
    placement[i] = n === 0 ? 'NPU' : n === cOut ? 'CIM' : 'split';
    if (n > 0) cimWeightBytes += (layers[i] as Layer).weightBytes;
  }
  const gather: number[] = new Array<number>(L);
  for (let i = 0; i < L; i++) gather[i] = locOf(states[i] as number);
  const run = (events: TimelineEvent[] | null): { makespan: number; dynamicUj: number } => replay(layers, costs, hw, nCim, gather, events);
  const { makespan, dynamicUj } = run(null);
  const staticUj = staticEnergyUj(hw, makespan);
  return new ParallelSchedule(makespan / 1000, dynamicUj + staticUj, dynamicUj, staticUj, cimWeightBytes, placement, nCim, () => {
    const events: TimelineEvent[] = [];
    run(events);
    return events;
  });
}

interface Table {
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
function fillTable(t: Table, dp: boolean): Uint8Array | null {
  const { layers, costs, hw, cost, channels, byLatency, capacity } = t;
  const L = layers.length;
  const U = hw.cimUnits;
  const macrosPerCu = Math.max(1, Math.floor(hw.cimMacros / U));
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
    let v0 = Infinity;
    let b0 = 0;
    if (fN + (cost[base] as number) <= fC + (cost[base + 1] as number)) {
      v0 = fN + (cost[base] as number);
      b0 = qN;
    } else {
      v0 = fC + (cost[base + 1] as number);
      b0 = 1;
    }
    let v1 = Infinity;
    let b1 = 0;
    let v2 = Infinity;
    let b2 = 0;
    if (onCim) {
      const cOut = layer.shape.cOut;
      // the layer's cached split results (parallelCache.ts), looked up when first needed
      let row: Float64Array | undefined;
      let cimAll = (c.cim as NonNullable<LayerCost['cim']>).timeUs;
      if (U > 1) {
        row = layerRow(layer, c.npuResident, h);
        if (Number.isNaN(row[12])) row[12] = cimTimeUs(layer, hw, Math.ceil(cOut / U), macrosPerCu);
        cimAll = row[12] as number;
      }
      let sl: SplitLayer | undefined;
      // a split's NPU part takes at least its overhead and, unless depthwise, reading the whole input
      const npuFloor = hw.npuOverheadUs + (layer.kind === 'dwconv' ? 0 : layer.inBytes / (hw.npuSramGBps * 1e3));
      sc.linkReady = h;
      // the cheaper input side first: its value tightens the other's threshold
      const order = i === 0 ? ONE : fC < fN ? C_FIRST : N_FIRST;
      for (const loc of order) {
        const f = !dp ? 0 : loc === 0 ? fN : fC;
        // an input side that costs at least one hand-off more than the other is never needed: from
        // the other side every state costs at most that hand-off more
        if (f === Infinity || (dp && f >= (loc === 0 ? fC : fN) + h)) continue;
        sc.startN = loc === 1 ? h : 0;
        sc.startC = loc === 0 ? h : 0;
        const unsplitC = sc.startC + cimAll;
        const alone = byLatency ? c.npu.timeUs + sc.startN : Infinity;
        for (let s = 1; s < 3; s++) {
          const gatherN = s === 2;
          sc.toNpu = gatherN;
          sc.unsplit = gatherN ? unsplitC + c.handoffUs : unsplitC;
          const beat = dp ? (gatherN ? Math.min(v2, v0 === Infinity ? Infinity : v0) : Math.min(v1, v0 + c.handoffUs)) - f : Infinity;
          sc.prune = Math.min(sc.unsplit, gatherN ? alone : alone + c.handoffUs, beat);
          // the cached bound and search (parallelCache.ts): computed once per layer and case
          const j = 3 * (2 * loc + s - 1);
          split.cost = sc.unsplit;
          split.n = cOut;
          if (cOut >= 2 && sc.startN + npuFloor < sc.prune) {
            row ??= layerRow(layer, c.npuResident, h);
            if (Number.isNaN(row[j])) row[j] = splitBound((sl ??= splitLayer(layer, c, hw, U, macrosPerCu)), sc);
            if ((row[j] as number) < sc.prune) {
              if (Number.isNaN(row[j + 1])) {
                searchSplit((sl ??= splitLayer(layer, c, hw, U, macrosPerCu)), sc, split);
                row[j + 1] = split.cost;
                row[j + 2] = split.n;
              }
              split.cost = row[j + 1] as number;
              split.n = row[j + 2] as number;
            }
          }
          const k = base + 2 * s + loc;
          cost[k] = split.cost;
          channels[k] = split.n;
          const v = f + split.cost;
          if (gatherN ? v < v2 : v < v1) {
            if (gatherN) {
              v2 = v;
              b2 = loc === 0 ? qN : 1;
            } else {
              v1 = v;
              b1 = loc === 0 ? qN : 1;
            }
          }
        }
      }
      if (i === 0) {
        // the first layer's input is on both units: both entries are the same
        for (let k = 1; k < 6; k += 2) {
          cost[base + k] = cost[base + k - 1] as number;
          channels[base + k] = channels[base + k - 1] as number;
        }
      }
    }
    if (bp) {
      bp[3 * i] = b0;
      bp[3 * i + 1] = b1;
      bp[3 * i + 2] = b2;
    }
    f0 = v0;
    f1 = v1;
    f2 = v2;
    fN = f2 < f0 ? f2 : f0;
    qN = f2 < f0 ? 2 : 0;
    fC = f1;
  }
  if (!bp) return null;
  let s = f1 < f0 ? 1 : 0;
  if (f2 < Math.min(f0, f1)) s = 2;
  // scratch (its first L entries): read by the caller before the next schedule
  const states = scratchStates;
  for (let i = L - 1; i >= 0; i--) {
    states[i] = s;
    s = bp[3 * i + s] as number;
  }
  return states;
}

/** scratch for the segment table: used within one call only */
let scratchCost = new Float64Array(0);
let scratchChannels = new Int32Array(0);
let scratchBp = new Uint8Array(0);
let scratchStates = new Uint8Array(0);
const split = { cost: 0, n: 0 };
const sc = { startN: 0, startC: 0, linkReady: 0, toNpu: false, unsplit: 0, prune: 0 };
const ONE: readonly (0 | 1)[] = [0];
const N_FIRST: readonly (0 | 1)[] = [0, 1];
const C_FIRST: readonly (0 | 1)[] = [1, 0];

/**
 * Runs the segments: layer i with nCim[i] output channels on the CIM (spread over the compute units),
 * the rest on the NPU, its output gathered on `gather[i]` (0 NPU, 1 CIM). Records the events when asked.
 */
function replay(
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  hw: HwParams,
  nCim: readonly number[],
  gather: readonly number[],
  events: TimelineEvent[] | null,
): { makespan: number; dynamicUj: number } {
  const U = hw.cimUnits;
  const macrosPerCu = Math.max(1, Math.floor(hw.cimMacros / U));
  const perUs = 1 / (hw.linkGBps * 1e3);
  let t = 0;
  let dynamicUj = 0;
  const linkEvent = (layer: number, start: number, end: number, energyUj: number): void => {
    events?.push({ unit: 'LINK', layer, startUs: start, endUs: end, energyUj });
    dynamicUj += energyUj;
  };
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    const c = costs[i] as LayerCost;
    const cOut = layer.shape.cOut;
    const n = nCim[i] as number;
    const onN = n < cOut;
    const onC = n > 0;
    // where the input is: the previous layer's gather unit (the first layer's input is on both)
    const from = i > 0 ? (gather[i - 1] as number) : -1;
    let link = t;
    let startN = t;
    let startC = t;
    if (i > 0) {
      const prev = costs[i - 1] as LayerCost;
      if ((onN && from === 1) || (onC && from === 0)) {
        link = t + prev.handoffUs;
        linkEvent(i - 1, t, link, prev.handoffUj);
        if (from === 1) startN = link;
        else startC = link;
      }
    }
    let endN = t;
    let endC = t;
    if (onN) {
      const uc = n === 0 ? c.npu : npuCost(layer, hw, c.npuResident, cOut - n);
      endN = startN + uc.timeUs;
      events?.push({ unit: 'NPU', layer: i, startUs: startN, endUs: endN, energyUj: uc.energyUj });
      dynamicUj += uc.energyUj;
    }
    if (onC) {
      const per = Math.ceil(n / U);
      for (let cu = 0, left = n; cu < U && left > 0; cu++, left -= per) {
        const uc = U === 1 && n === cOut ? (c.cim as NonNullable<LayerCost['cim']>) : cimCost(layer, hw, Math.min(per, left), macrosPerCu);
        endC = Math.max(endC, startC + uc.timeUs);
        events?.push({ unit: 'CIM', layer: i, startUs: startC, endUs: startC + uc.timeUs, energyUj: uc.energyUj, cu });
        dynamicUj += uc.energyUj;
      }
    }
    // the part on the other unit than the gather unit crosses the link
    const toNpu = gather[i] === 0;
    let end = toNpu ? endN : endC;
    if (toNpu ? onC : onN) {
      const moved = toNpu ? n : cOut - n;
      const start = Math.max(link, toNpu ? endC : endN);
      const stop = start + layer.outBytes * (moved / cOut) * perUs;
      linkEvent(i, start, stop, moved === cOut ? c.handoffUj : layer.outBytes * (moved / cOut) * hw.linkPjPerByte * 1e-6);
      end = Math.max(end, stop);
    }
    t = end;
  }
  return { makespan: t, dynamicUj };
}

/** A `parallel` schedule; its timeline is built on first read (see `SequentialSchedule`). */
class ParallelSchedule implements ScheduleResult {
  readonly schema = 'parallel';
  #events: TimelineEvent[] | undefined;
  readonly #replay: () => TimelineEvent[];
  constructor(
    readonly latencyMs: number,
    readonly energyUj: number,
    readonly dynamicUj: number,
    readonly staticUj: number,
    readonly cimWeightBytes: number,
    readonly placement: readonly Placement[],
    readonly cimChannels: readonly number[],
    replay: () => TimelineEvent[],
  ) {
    this.#replay = replay;
  }
  get timeline(): readonly TimelineEvent[] {
    return (this.#events ??= this.#replay());
  }
  toJSON(): PlainSchedule {
    return plainSchedule(this);
  }
}
