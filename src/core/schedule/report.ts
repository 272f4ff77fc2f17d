import { roofline } from '../hardware/roofline.js';
import { explainLayer, explainPlacement } from '../hardware/explain.js';
import type { HwParams } from '../hardware/hardware.js';
import { SCHEMA_IDS } from './estimate.js';
import type { Estimate, SchemaId } from '../types.js';

/**
 * The `estimate --json` document (SPEC §9): totals, the layer list with per-layer NPU/CIM cost and
 * reason, and per schema latency, energy, placement, timeline and placement reasons. JSON-safe.
 */
export function estimateDocument(est: Estimate, hw: HwParams, schemas: readonly SchemaId[] = SCHEMA_IDS) {
  return {
    macs: est.macs,
    params: est.params,
    layers: est.layers.map((l, i) => {
      const c = est.costs[i];
      if (!c) throw new Error('costs and layers differ in length');
      return {
        name: l.name,
        stage: l.stage,
        block: l.block,
        group: l.group,
        kind: l.kind,
        macs: l.macs,
        weights: l.weights,
        weightBytes: l.weightBytes,
        inBytes: l.inBytes,
        outBytes: l.outBytes,
        staticWeights: l.staticWeights,
        shape: l.shape,
        intensity: c.intensity,
        npu: { timeUs: c.npu.timeUs, energyUj: c.npu.energyUj, bound: c.npu.bound, resident: c.npuResident },
        cim: c.cim ? { timeUs: c.cim.timeUs, energyUj: c.cim.energyUj, bound: c.cim.bound } : null,
        reason: explainLayer(l, c),
        roofline: roofline(l, c),
      };
    }),
    schemas: Object.fromEntries(
      schemas.map((id) => {
        const s = est.schemas[id];
        return [
          id,
          {
            latencyMs: s.latencyMs,
            energyUj: s.energyUj,
            dynamicUj: s.dynamicUj,
            staticUj: s.staticUj,
            cimWeightBytes: s.cimWeightBytes,
            placement: s.placement,
            reasons: explainPlacement(est.layers, est.costs, s, hw),
            timeline: s.timeline,
            ...(s.objective ? { objective: s.objective } : {}),
            ...(s.cimChannels ? { cimChannels: s.cimChannels } : {}),
          },
        ];
      }),
    ),
  };
}
