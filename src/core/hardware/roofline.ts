import { cimActBytes, npuActBytes } from './cost.js';
import type { HwParams } from './hardware.js';
import type { Layer, LayerCost, UnitCost } from '../types.js';

/**
 * The roofline view of the cost model (cost.ts): where a layer sits against each unit's ridge point,
 * and each unit's nominal ridges. Read by the layer table and detail, the report and the lessons;
 * the schedules never need it.
 */

/** A layer on one unit's roofline. */
export interface RooflinePoint {
  /** MACs per byte this unit moves for the layer (NPU: streamed weights + activations; CIM: activations, the weights stay) */
  readonly intensity: number;
  /** the intensity at which the layer's compute time on this unit would equal its memory time, MAC/B */
  readonly ridge: number;
  /** intensity ÷ ridge = compute time ÷ memory time: ≥ 1 compute-bound (right of the ridge), < 1 memory-bound */
  readonly ratio: number;
}

/**
 * Where a layer sits against each unit's ridge point. The ridge is the layer's own: the unit's MAC
 * rate for this shape (utilisation, tiling) over the bandwidth of the traffic it actually moves, so
 * `ratio ≥ 1` exactly when the cost model calls the layer compute-bound there. Null on a unit that
 * does not run it, and for layers without MACs (norms, element-wise ops are not on a roofline).
 */
export function roofline(layer: Layer, cost: LayerCost): { readonly npu: RooflinePoint | null; readonly cim: RooflinePoint | null } {
  const point = (unit: UnitCost, bytes: number): RooflinePoint | null => {
    const memUs = Math.max(unit.weightsUs, unit.activationsUs);
    if (layer.macs <= 0 || bytes <= 0 || memUs <= 0 || unit.computeUs <= 0) return null;
    const intensity = layer.macs / bytes;
    const ratio = unit.computeUs / memUs;
    return { intensity, ridge: intensity / ratio, ratio };
  };
  return {
    npu: point(cost.npu, (cost.npuResident ? 0 : layer.weightBytes) + npuActBytes(layer, 1)),
    cim: cost.cim ? point(cost.cim, cimActBytes(layer, 1)) : null,
  };
}

/**
 * Each unit's nominal ridge points at full utilisation, MAC/B: the NPU's peak over its weight stream
 * and over its SRAM; one CIM compute unit's peak (all its macros' arrays every MVM) over its buffer.
 */
export function unitRidges(hw: HwParams): { readonly npuWeights: number; readonly npuSram: number; readonly cim: number } {
  const npuPeak = hw.npuMacsPerCycle * hw.npuFreqMHz; // MAC/µs
  const macrosPerUnit = Math.max(1, Math.floor(hw.cimMacros / hw.cimUnits));
  const cimPeak = (macrosPerUnit * hw.cimRows * Math.floor(hw.cimCols / hw.bytesPerWeight) * hw.cimFreqMHz) / hw.cimCyclesPerMvm;
  return {
    npuWeights: npuPeak / (hw.npuWeightGBps * 1e3),
    npuSram: npuPeak / (hw.npuSramGBps * 1e3),
    cim: cimPeak / (hw.cimBufferGBps * 1e3),
  };
}
