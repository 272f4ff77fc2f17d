import { solveChain, type Chain } from './chain.js';
import { solveChainEdp } from './chainEdp.js';
import { staticEnergyUj, staticPowerMw } from '../hardware/cost.js';
import { cimCapacityBytes, type HwParams } from '../hardware/hardware.js';
import { LazySchedule, type ScheduleExtras } from './lazySchedule.js';
import type { HeteroObjective, Layer, LayerCost, Placement, ScheduleResult, SchemaId, TimelineEvent, Unit, UnitCost } from '../types.js';

export { LazySchedule, plainSchedule, type PlainSchedule } from './lazySchedule.js';

/** The events of a sequential run: each layer on its unit, a link hand-off at every change of unit. */
function sequentialTimeline(costs: readonly LayerCost[], units: readonly Placement[]): TimelineEvent[] {
  const timeline: TimelineEvent[] = [];
  let t = 0;
  for (let i = 0; i < costs.length; i++) {
    const c = costs[i] as LayerCost;
    const unit = units[i];
    if (i > 0 && unit !== units[i - 1]) {
      const prev = costs[i - 1] as LayerCost;
      timeline.push({ unit: 'LINK', layer: i - 1, startUs: t, endUs: t + prev.handoffUs, energyUj: prev.handoffUj });
      t += prev.handoffUs;
    }
    const uc = unit === 'CIM' ? (c.cim as UnitCost) : c.npu;
    if (unit === 'CIM') timeline.push({ unit: 'CIM', layer: i, startUs: t, endUs: t + uc.timeUs, energyUj: uc.energyUj, cu: 0 });
    else timeline.push({ unit: 'NPU', layer: i, startUs: t, endUs: t + uc.timeUs, energyUj: uc.energyUj });
    t += uc.timeUs;
  }
  return timeline;
}

/** Runs layers one after another on the units given, with a link hand-off at every change of unit. */
export function runSequential(
  schema: SchemaId,
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  units: readonly Unit[],
  hw: HwParams,
  extras?: ScheduleExtras,
): LazySchedule<readonly LayerCost[]> {
  let t = 0;
  let dynamicUj = 0;
  let cimWeightBytes = 0;
  for (let i = 0; i < layers.length; i++) {
    const c = costs[i] as LayerCost;
    const unit = units[i] as Unit;
    if (i > 0 && unit !== units[i - 1]) {
      const prev = costs[i - 1] as LayerCost;
      t += prev.handoffUs;
      dynamicUj += prev.handoffUj;
    }
    const uc = unit === 'CIM' ? c.cim : c.npu;
    if (!uc) throw new Error(`layer ${(layers[i] as Layer).name} cannot run on the CIM`);
    t += uc.timeUs;
    dynamicUj += uc.energyUj;
    if (unit === 'CIM') cimWeightBytes += (layers[i] as Layer).weightBytes;
  }
  const staticUj = staticEnergyUj(hw, t);
  return new LazySchedule(
    schema,
    t / 1000,
    dynamicUj + staticUj,
    dynamicUj,
    staticUj,
    cimWeightBytes,
    units,
    sequentialTimeline,
    costs,
    extras,
  );
}

/** `npu`: every layer on the NPU (the baseline). */
export function scheduleNpu(layers: readonly Layer[], costs: readonly LayerCost[], hw: HwParams): ScheduleResult {
  return runSequential('npu', layers, costs, new Array<Unit>(layers.length).fill('NPU'), hw);
}

/** `cim`: in layer order, every CIM-eligible layer whose weights still fit goes to the CIM. */
export function scheduleCim(layers: readonly Layer[], costs: readonly LayerCost[], hw: HwParams): ScheduleResult {
  let free = cimCapacityBytes(hw);
  const units = layers.map((l, i): Unit => {
    if (!(costs[i] as LayerCost).cim || l.weightBytes > free) return 'NPU';
    free -= l.weightBytes;
    return 'CIM';
  });
  return runSequential('cim', layers, costs, units, hw);
}

/** Per-layer costs of the chain in the units of one objective. Static energy is charged per µs. */
export function objectiveChain(
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  hw: HwParams,
  objective: 'latency' | 'energy',
): Chain {
  const L = layers.length;
  // plain arrays: for chains of tens of layers they allocate faster than typed arrays
  const npu: number[] = new Array<number>(L);
  const cim: number[] = new Array<number>(L);
  const handoff: number[] = new Array<number>(L);
  const weight: number[] = new Array<number>(L);
  const ps = objective === 'energy' ? staticPowerMw(hw) * 1e-3 : 0; // µJ per µs
  for (let i = 0; i < L; i++) {
    const c = costs[i] as LayerCost;
    const lat = objective === 'latency';
    npu[i] = lat ? c.npu.timeUs : c.npu.energyUj + ps * c.npu.timeUs;
    cim[i] = c.cim ? (lat ? c.cim.timeUs : c.cim.energyUj + ps * c.cim.timeUs) : Infinity;
    handoff[i] = lat ? c.handoffUs : c.handoffUj + ps * c.handoffUs;
    weight[i] = c.cim ? (layers[i] as Layer).weightBytes : 0;
  }
  return { npu, cim, handoff, weight, capacity: cimCapacityBytes(hw) };
}

/**
 * `hetero`: the exact placement per layer that minimises the objective (latency by default) including
 * hand-offs, under the CIM capacity.
 */
export function scheduleHetero(
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  hw: HwParams,
  objective: HeteroObjective = 'latency',
): LazySchedule<readonly LayerCost[]> {
  let unitsBits: Uint8Array;
  let states: number;
  if (objective === 'edp') {
    const lat = objectiveChain(layers, costs, hw, 'latency');
    const en = objectiveChain(layers, costs, hw, 'energy');
    const sol = solveChainEdp(lat, en);
    unitsBits = sol.units;
    states = sol.states;
  } else {
    const sol = solveChain(objectiveChain(layers, costs, hw, objective));
    unitsBits = sol.units;
    states = sol.states;
  }
  const units: Unit[] = new Array<Unit>(unitsBits.length);
  for (let i = 0; i < unitsBits.length; i++) units[i] = unitsBits[i] === 1 ? 'CIM' : 'NPU';
  return runSequential('hetero', layers, costs, units, hw, { objective, states });
}
