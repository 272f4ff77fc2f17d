import { staticEnergyUj } from '../hardware/cost.js';
import { cimCapacityBytes, type HwParams } from '../hardware/hardware.js';
import { LazySchedule } from './lazySchedule.js';
import { locOf, solveCapacity, statesCost, type ParallelChain } from './parallelChain.js';
import { beginLayers } from './layerCache.js';
import { replay, replayEvents, type ReplayInput } from './parallelReplay.js';
import { fillTable, newTable } from './parallelTable.js';
import type { Layer, LayerCost, Placement, ScheduleResult } from '../types.js';

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
 * a DP over the chain (parallelChain.ts) whose segment costs (the table: parallelTable.ts) are
 * themselves exact minima over the channel count (parallelSplit.ts). The placement is then replayed
 * for its totals and, when read, its timeline (parallelReplay.ts).
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
  beginLayers(hw);
  const t = newTable(layers, costs, hw, hetero, byLatency, capacity);
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
    const heteroStates = new Uint8Array(L);
    for (let i = 0; i < L; i++) heteroStates[i] = hetero.placement[i] === 'NPU' ? 0 : 1;
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
  const { makespan, dynamicUj } = replay(layers, costs, hw, nCim, gather, null);
  const staticUj = staticEnergyUj(hw, makespan);
  const input: ReplayInput = { layers, costs, hw, nCim, gather };
  return new LazySchedule(
    'parallel',
    makespan / 1000,
    dynamicUj + staticUj,
    dynamicUj,
    staticUj,
    cimWeightBytes,
    placement,
    replayEvents,
    input,
    { cimChannels: nCim },
  );
}
