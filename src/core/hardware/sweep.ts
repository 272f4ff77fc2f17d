/**
 * The CIM design sweep (SPEC §8, the paper's multi-macro / multi-CU study): latency and energy of one
 * subject (a subnet's layers, an opened model's) under each schema as the CIM macros M and compute
 * units U vary, every other parameter as the system has it. The page's sweep chart and the paper
 * view's claim 3 read this one grid.
 */
import { calibrated, type Calibration } from './calibration.js';
import { validateSystem, type HwKey, type HwParams } from './hardware.js';
import { estimateLayers } from '../schedule/estimate.js';
import type { Layer, SchemaId } from '../types.js';

export const SWEEP_MACROS: readonly number[] = [1, 2, 4, 8, 16];
export const SWEEP_UNITS: readonly number[] = [1, 2, 4];

export interface SweepPoint {
  readonly macros: number;
  readonly units: number;
  readonly schemas: Readonly<Record<SchemaId, { readonly latencyMs: number; readonly energyUj: number }>>;
}

/**
 * Every (M, U ≤ M, U dividing M) of the grid on the system's other parameters, edits included;
 * `layersOf` gives the subject's layers on a system (a subnet's `expandGenome`, an opened model's layers).
 */
export function cimSweep(
  layersOf: (hw: HwParams) => readonly Layer[],
  baseId: string,
  edits: Readonly<Partial<Record<HwKey, number>>>,
  calibration: Calibration | null = null,
): SweepPoint[] {
  const out: SweepPoint[] = [];
  for (const macros of SWEEP_MACROS) {
    for (const units of SWEEP_UNITS) {
      if (units > macros || macros % units !== 0) continue;
      const sys = validateSystem({ base: baseId, ...edits, cimMacros: macros, cimUnits: units });
      if (!sys.ok) continue;
      const hw = calibrated(sys.value.params, calibration);
      const est = estimateLayers(layersOf(hw), hw);
      const pick = (s: SchemaId) => ({ latencyMs: est.schemas[s].latencyMs, energyUj: est.schemas[s].energyUj });
      out.push({ macros, units, schemas: { npu: pick('npu'), cim: pick('cim'), hetero: pick('hetero'), parallel: pick('parallel') } });
    }
  }
  return out;
}
