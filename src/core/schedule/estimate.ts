import { layerCosts } from '../hardware/cost.js';
import { expandGenome, totalMacs, totalParams } from '../model/layers.js';
import type { HwParams, System } from '../hardware/hardware.js';
import { scheduleParallel } from './parallel.js';
import { scheduleCim, scheduleHetero, scheduleNpu } from './schedule.js';
import type { Estimate, Genome, HeteroObjective, Layer, SchemaId, SearchSpace } from '../types.js';

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

/** Costs a layer list on a system under all four execution schemas. */
export function estimateLayers(layers: readonly Layer[], hw: HwParams, opts: EstimateOptions = {}): Estimate {
  const costs = layerCosts(layers, hw);
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
