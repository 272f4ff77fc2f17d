import { layerCosts, npuResidency } from '../hardware/cost.js';
import { expandGenome, totalMacs, totalParams } from '../model/layers.js';
import type { HwParams, System } from '../hardware/hardware.js';
import { beginLayers, cachedCost, storeCost } from './layerCache.js';
import { scheduleParallel } from './parallel.js';
import { scheduleCim, scheduleHetero, scheduleNpu } from './schedule.js';
import type { Estimate, Genome, HeteroObjective, Layer, LayerCost, SchemaId, SearchSpace } from '../types.js';

/** The four execution schemas, in display order. */
export const SCHEMA_IDS: readonly SchemaId[] = ['npu', 'cim', 'hetero', 'parallel'];

export const SCHEMA_LABELS: Readonly<Record<SchemaId, string>> = {
  npu: 'NPU only',
  cim: 'CIM first',
  hetero: 'Layer-wise heterogeneous',
  parallel: 'NPU ‖ CIM',
};

export interface EstimateOptions {
  /** what `hetero` (and so `parallel`) minimises; latency by default */
  readonly objective?: HeteroObjective;
}

/**
 * `layerCosts(layers, hw)`, each layer's cost taken from the layers seen before on this hardware
 * (layerCache.ts: the same numbers give the same cost, so estimates share the objects) when it is
 * there. A lookup runs fewer instructions than costing the layer but waits on memory: 10 % fewer
 * instructions and about 3 % less time an estimate on `mini`, no change on `nasvit` (in-process A/B,
 * 30 rounds). On a miss the whole list is costed (a layer's residency depends on the layers before
 * it).
 */
function costsOf(layers: readonly Layer[], hw: HwParams): LayerCost[] {
  beginLayers(hw);
  const resident = npuResidency(layers, hw);
  const costs: LayerCost[] = new Array<LayerCost>(layers.length);
  let fresh: LayerCost[] | null = null;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    const r = resident[i] === true;
    let c = cachedCost(layer, r);
    if (c === undefined) {
      fresh ??= layerCosts(layers, hw);
      c = fresh[i] as LayerCost;
      storeCost(layer, r, c);
    }
    costs[i] = c;
  }
  return costs;
}

/** Costs a layer list on a system under all four execution schemas. */
export function estimateLayers(layers: readonly Layer[], hw: HwParams, opts: EstimateOptions = {}): Estimate {
  const costs = costsOf(layers, hw);
  const hetero = scheduleHetero(layers, costs, hw, opts.objective ?? 'latency');
  return {
    macs: totalMacs(layers),
    params: totalParams(layers),
    layers,
    costs,
    schemas: {
      npu: scheduleNpu(layers, costs, hw),
      cim: scheduleCim(layers, costs, hw),
      hetero,
      // `hetero`'s placement (for its objective), with channel splits and compute units in parallel
      parallel: scheduleParallel(layers, costs, hw, hetero),
    },
  };
}

/** Expands a (valid) genome on the system's byte widths and estimates it. */
export function estimateGenome(space: SearchSpace, genome: Genome, system: System, opts: EstimateOptions = {}): Estimate {
  const hw = system.params;
  const layers = expandGenome(space, genome, { weight: hw.bytesPerWeight, act: hw.bytesPerAct });
  return estimateLayers(layers, hw, opts);
}
