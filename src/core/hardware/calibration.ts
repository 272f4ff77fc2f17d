/**
 * Calibration from measurements (SPEC §4.3): a per-layer table of measured times — Vela's
 * `--verbose-performance` per-layer CSV (`<network>_per-layer.csv`, written by Vela's
 * `npu_performance.print_performance`), or a device's own `layer, latency` table — is matched to the
 * layer list, and one correction factor per layer kind and unit is fitted by least squares through
 * the origin: for the layers i of a kind on a unit, f = Σ mᵢ·eᵢ / Σ eᵢ², which minimises
 * Σ (f·eᵢ − mᵢ)² (mᵢ measured, eᵢ the model's time). The factors then scale that kind's time (and,
 * where energy was measured, its energy) on that unit wherever the page or the CLI estimates
 * (`calibrated(hw, factors)`); a calibrated number is labelled as such.
 */
import type { HwParams } from './hardware.js';
import type { LayerKind } from '../types.js';

export type CalUnit = 'npu' | 'cim';

/** Factors by `${kind}.${unit}`: on the time, and (where energy was measured) on the energy. */
export interface Calibration {
  readonly time: Readonly<Partial<Record<string, number>>>;
  readonly energy: Readonly<Partial<Record<string, number>>>;
}

/** Hardware parameters with the calibration the cost model applies (cost.ts reads `calibration`). */
export type CalibratedHw = HwParams & { readonly calibration?: Calibration };

/** Factors outside this range are refused (a measurement 100× off the model is a mismatch, not a calibration). */
export const FACTOR_RANGE = { min: 0.01, max: 100 } as const;
export const MAX_MEASUREMENT_ROWS = 20_000;
export const MAX_MEASUREMENT_BYTES = 4 * 2 ** 20;

export const calKey = (kind: LayerKind, unit: CalUnit): string => `${kind}.${unit}`;

/** Every layer kind (a record, so that a new kind is a type error here until it is listed). */
const KINDS: Readonly<Record<LayerKind, true>> = {
  conv: true,
  dwconv: true,
  pwconv: true,
  linear: true,
  matmul: true,
  softmax: true,
  norm: true,
  eltwise: true,
  pool: true,
};
export const LAYER_KINDS = Object.keys(KINDS) as readonly LayerKind[];

/** The hardware with a calibration attached (none when it has no factor). */
export function calibrated(hw: HwParams, cal: Calibration | null | undefined): CalibratedHw {
  if (!cal || (Object.keys(cal.time).length === 0 && Object.keys(cal.energy).length === 0)) return hw;
  return { ...hw, calibration: cal };
}

/** The time and energy factors of a layer kind on a unit (1 where none was fitted). */
export function factorOf(hw: CalibratedHw, kind: LayerKind, unit: CalUnit): { readonly time: number; readonly energy: number } {
  const cal = hw.calibration;
  if (!cal) return ONE;
  const key = calKey(kind, unit);
  return { time: cal.time[key] ?? 1, energy: cal.energy[key] ?? 1 };
}
const ONE = { time: 1, energy: 1 } as const;

// ── the link ─────────────────────────────────────────────────────────────────────────────────

/** `cal=t.conv.npu:1.2345,e.conv.npu:0.9` */
export function calibrationToLink(cal: Calibration): string {
  const part = (p: string, o: Calibration['time']): string[] => Object.entries(o).map(([k, f]) => `${p}.${k}:${f}`);
  return [...part('t', cal.time), ...part('e', cal.energy)].join(',');
}

const LINK_ENTRY = /^([te])\.([a-z]{1,12})\.(npu|cim):(\d+(\.\d+)?(e-?\d+)?)$/;

export function calibrationFromLink(text: string, kinds: readonly string[] = LAYER_KINDS): { value: Calibration | null; errors: string[] } {
  const time: Record<string, number> = {};
  const energy: Record<string, number> = {};
  const errors: string[] = [];
  const parts = text.split(',').filter(Boolean);
  if (parts.length > 2 * 2 * kinds.length) return { value: null, errors: [`cal: ${parts.length} factors, at most ${4 * kinds.length}`] };
  for (const p of parts) {
    const m = LINK_ENTRY.exec(p);
    const f = m ? Number(m[4]) : Number.NaN;
    if (!m || !kinds.includes(m[2] as string))
      errors.push(`cal: "${p.slice(0, 40)}" is not a factor of the form t|e.<layer kind>.npu|cim:<number>`);
    else if (!(f >= FACTOR_RANGE.min && f <= FACTOR_RANGE.max))
      errors.push(`cal: ${m[2]}.${m[3]} factor ${f} is outside ${FACTOR_RANGE.min}–${FACTOR_RANGE.max}`);
    else (m[1] === 't' ? time : energy)[`${m[2]}.${m[3]}`] = f;
  }
  if (errors.length > 0) return { value: null, errors };
  return { value: Object.keys(time).length + Object.keys(energy).length > 0 ? { time, energy } : null, errors };
}

/** One line saying what a calibration changes, for labels. */
export function calibrationLabel(cal: Calibration): string {
  const t = Object.entries(cal.time).map(([k, f]) => `${k} ×${f}`);
  const e = Object.entries(cal.energy).map(([k, f]) => `${k} energy ×${f}`);
  return `calibrated from measurements: ${[...t, ...e].join(', ')}`;
}
