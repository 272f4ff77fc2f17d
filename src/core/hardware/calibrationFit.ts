/**
 * Reading and fitting measurements (calibration.ts says what calibration is): a per-layer table is
 * parsed, its rows matched to the layer list, and one factor per layer kind and unit fitted by least
 * squares through the origin. Kept apart from calibration.ts so the page loads it with the first
 * table, not with the page (core/index.ts does not re-export it; the CLI imports it directly).
 */
import { parseCsv } from '../accuracy/accuracyTable.js';
import { calKey, FACTOR_RANGE, MAX_MEASUREMENT_BYTES, MAX_MEASUREMENT_ROWS, type CalUnit, type Calibration } from './calibration.js';
import type { HwParams } from './hardware.js';
import type { Layer, LayerCost, LayerKind } from '../types.js';

// ── measurements ─────────────────────────────────────────────────────────────────────────────

/** One measured row, as read: which layer (a name, an index, or Vela's operator in order), what was measured. */
export interface MeasuredRow {
  /** 1-based row of the file, for messages */
  readonly row: number;
  /** a layer name or index (generic), or the TFLite operator (Vela: matched in order) */
  readonly layer: string;
  readonly unit: CalUnit;
  /** measured time in µs, or in cycles (converted at the unit's clock) */
  readonly value: number;
  readonly inCycles: boolean;
  readonly energyUj?: number;
  /** Vela's MAC count of the row, when given: a check of the match */
  readonly macs?: number;
  /** Vela's row name (its operator's output tensor) */
  readonly name?: string;
}

export interface Measurements {
  readonly format: 'vela' | 'generic';
  readonly rows: readonly MeasuredRow[];
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const num = (s: string | undefined): number => (s !== undefined && DECIMAL.test(s.trim()) ? Number(s.trim()) : Number.NaN);

/** Reads a measurement table; messages name the row and column. */
export function parseMeasurements(text: string): { ok: true; value: Measurements } | { ok: false; errors: string[] } {
  if (text.length > MAX_MEASUREMENT_BYTES)
    return {
      ok: false,
      errors: [`measurements: ${text.length.toLocaleString('en-US')} characters, at most ${MAX_MEASUREMENT_BYTES.toLocaleString('en-US')}`],
    };
  const table = parseCsv(text.replace(/^\uFEFF/, ''));
  const head = (table[0] ?? []).map((h) => h.trim());
  if (table.length < 2) return { ok: false, errors: ['measurements: a header row and at least one row of measurements are needed'] };
  if (table.length - 1 > MAX_MEASUREMENT_ROWS)
    return {
      ok: false,
      errors: [`measurements: ${(table.length - 1).toLocaleString('en-US')} rows, at most ${MAX_MEASUREMENT_ROWS.toLocaleString('en-US')}`],
    };
  const col = (...names: string[]): number => head.findIndex((h) => names.some((n) => h.toLowerCase() === n.toLowerCase()));
  const vela = col('NNG Operator') >= 0 && col('Op Cycles') >= 0;
  const errors: string[] = [];
  const rows: MeasuredRow[] = [];
  if (vela) {
    const op = col('TFLite_operator', 'Original Operator', 'TOSA_operator');
    const cycles = col('Op Cycles');
    const macs = col('MAC Count');
    const name = col('Name');
    if (op < 0)
      return { ok: false, errors: ['measurements: a Vela table needs its operator column (TFLite_operator or Original Operator)'] };
    table.slice(1).forEach((r, i) => {
      const value = num(r[cycles]);
      if (!(value >= 0) || !Number.isFinite(value))
        return void errors.push(`row ${i + 2}, Op Cycles: "${(r[cycles] ?? '').slice(0, 20)}" is not a number of cycles`);
      const m = num(r[macs]);
      rows.push({
        row: i + 2,
        layer: (r[op] ?? '').trim(),
        unit: 'npu',
        value,
        inCycles: true,
        ...(m >= 0 ? { macs: m } : {}),
        ...(name >= 0 ? { name: (r[name] ?? '').trim() } : {}),
      });
    });
  } else {
    const layer = col('layer', 'name');
    const us = col('latency_us', 'time_us', 'us', 'latency (us)', 'latency (µs)');
    const cycles = col('cycles', 'latency_cycles');
    const energy = col('energy_uj', 'uj', 'energy (uj)', 'energy (µj)');
    const unit = col('unit');
    if (layer < 0 || (us < 0 && cycles < 0)) {
      return {
        ok: false,
        errors: [
          'measurements: neither a Vela per-layer CSV (NNG Operator, Op Cycles, …) nor a table with columns layer and latency_us (or cycles), optionally energy_uj and unit',
        ],
      };
    }
    table.slice(1).forEach((r, i) => {
      const at = `row ${i + 2}`;
      const value = num(r[us >= 0 ? us : cycles]);
      if (!(value >= 0) || !Number.isFinite(value))
        return void errors.push(
          `${at}, ${head[us >= 0 ? us : cycles]}: "${(r[us >= 0 ? us : cycles] ?? '').slice(0, 20)}" is not a non-negative number`,
        );
      const u = unit >= 0 ? (r[unit] ?? '').trim().toLowerCase() || 'npu' : 'npu';
      if (u !== 'npu' && u !== 'cim') return void errors.push(`${at}, unit: "${u.slice(0, 10)}" (allowed: npu, cim)`);
      const e = energy >= 0 && (r[energy] ?? '').trim() !== '' ? num(r[energy]) : undefined;
      if (e !== undefined && !(e >= 0 && Number.isFinite(e)))
        return void errors.push(`${at}, ${head[energy]}: "${(r[energy] ?? '').slice(0, 20)}" is not a non-negative number`);
      rows.push({
        row: i + 2,
        layer: (r[layer] ?? '').trim(),
        unit: u,
        value,
        inCycles: us < 0,
        ...(e !== undefined ? { energyUj: e } : {}),
      });
    });
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, 5) };
  return { ok: true, value: { format: vela ? 'vela' : 'generic', rows } };
}

// ── matching and fitting ───────────────────────────────────────────────────────────────────────

/** A measured row matched to a layer, with the model's and the calibrated figures. */
export interface FitRow {
  readonly row: number;
  readonly layer: number;
  readonly name: string;
  readonly kind: LayerKind;
  readonly unit: CalUnit;
  readonly measuredUs: number;
  readonly modelUs: number;
  readonly calibratedUs: number;
  readonly measuredUj?: number;
  readonly modelUj?: number;
}

export interface CalibrationFit {
  readonly calibration: Calibration;
  readonly rows: readonly FitRow[];
  /** rows matched to no layer, with why */
  readonly unmatched: readonly string[];
}

/** The op a layer came from: a name `3.conv_2d` (an imported file) gives `conv_2d`. */
const opOf = (layer: Layer): string => layer.name.replace(/^(\d+\.)+/, '').toLowerCase();

/** Which layer each row measures: Vela's rows in order by operator (MAC counts checked), generic rows by name or index. */
function match(layers: readonly Layer[], m: Measurements): { pairs: { row: MeasuredRow; layer: number }[]; unmatched: string[] } {
  const pairs: { row: MeasuredRow; layer: number }[] = [];
  const unmatched: string[] = [];
  const byName = new Map(layers.map((l, i) => [l.name, i]));
  let cursor = 0;
  for (const row of m.rows) {
    let at = -1;
    if (m.format === 'generic') {
      at = byName.get(row.layer) ?? (/^\d+$/.test(row.layer) && Number(row.layer) < layers.length ? Number(row.layer) : -1);
      if (at < 0) unmatched.push(`row ${row.row}: no layer "${row.layer.slice(0, 40)}"`);
    } else {
      const op = row.layer.toLowerCase();
      for (let i = cursor; i < layers.length; i++) {
        const l = layers[i] as Layer;
        if (opOf(l) === op && (row.macs === undefined || row.macs === 0 || l.macs === 0 || row.macs === l.macs)) {
          at = i;
          break;
        }
      }
      if (at >= 0) cursor = at + 1;
      else
        unmatched.push(
          `row ${row.row}: ${row.layer || '(no operator)'}${row.name ? ` "${row.name.slice(0, 40)}"` : ''} matches no later layer of that operator${row.macs ? ` with ${row.macs.toLocaleString('en-US')} MACs` : ''}`,
        );
    }
    if (at >= 0) {
      if (pairs.some((p) => p.layer === at && p.row.unit === row.unit))
        unmatched.push(`row ${row.row}: layer ${at} is measured twice on the ${row.unit.toUpperCase()}; the first row is kept`);
      else pairs.push({ row, layer: at });
    }
  }
  return { pairs, unmatched };
}

/** Rounds a factor to 6 significant digits, so a link carries exactly the factor the page applies. */
const round6 = (x: number): number => Number(x.toPrecision(6));

/**
 * Fits one factor per layer kind and unit. `costs` are the model's (uncalibrated) costs of `layers`
 * on `hw`; cycles convert to µs at the unit's clock (`npuFreqMHz`, `cimFreqMHz`).
 */
export function fitCalibration(
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  hw: HwParams,
  m: Measurements,
): { ok: true; value: CalibrationFit } | { ok: false; errors: string[] } {
  const { pairs, unmatched } = match(layers, m);
  const sums = new Map<string, { me: number; ee: number; mj: number; jj: number }>();
  const points: { row: MeasuredRow; layer: number; measuredUs: number; modelUs: number; modelUj: number }[] = [];
  const errors: string[] = [];
  for (const { row, layer } of pairs) {
    const l = layers[layer] as Layer;
    const c = costs[layer] as LayerCost;
    const unitCost = row.unit === 'npu' ? c.npu : c.cim;
    if (!unitCost) {
      errors.push(`row ${row.row}: layer ${layer} (${l.name}) cannot run on the CIM`);
      continue;
    }
    const measuredUs = row.inCycles ? row.value / (row.unit === 'npu' ? hw.npuFreqMHz : hw.cimFreqMHz) : row.value;
    const key = calKey(l.kind, row.unit);
    const s = sums.get(key) ?? { me: 0, ee: 0, mj: 0, jj: 0 };
    s.me += measuredUs * unitCost.timeUs;
    s.ee += unitCost.timeUs * unitCost.timeUs;
    if (row.energyUj !== undefined) {
      s.mj += row.energyUj * unitCost.energyUj;
      s.jj += unitCost.energyUj * unitCost.energyUj;
    }
    sums.set(key, s);
    points.push({ row, layer, measuredUs, modelUs: unitCost.timeUs, modelUj: unitCost.energyUj });
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, 5) };
  if (points.length === 0)
    return {
      ok: false,
      errors: [`measurements: no row matches a layer of this ${layers.length}-layer list${unmatched[0] ? ` (${unmatched[0]})` : ''}`],
    };
  const time: Record<string, number> = {};
  const energy: Record<string, number> = {};
  for (const [key, s] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (s.ee > 0 && s.me > 0) time[key] = round6(s.me / s.ee);
    if (s.jj > 0 && s.mj > 0) energy[key] = round6(s.mj / s.jj);
  }
  const bad = Object.entries({ ...time })
    .concat(Object.entries(energy))
    .find(([, f]) => f < FACTOR_RANGE.min || f > FACTOR_RANGE.max);
  if (bad)
    return {
      ok: false,
      errors: [
        `measurements: the fitted factor of ${bad[0]} is ${bad[1]}, outside ${FACTOR_RANGE.min}–${FACTOR_RANGE.max}: the table does not measure this model on this hardware`,
      ],
    };
  const rows: FitRow[] = points.map((p) => {
    const l = layers[p.layer] as Layer;
    const key = calKey(l.kind, p.row.unit);
    return {
      row: p.row.row,
      layer: p.layer,
      name: l.name,
      kind: l.kind,
      unit: p.row.unit,
      measuredUs: p.measuredUs,
      modelUs: p.modelUs,
      calibratedUs: p.modelUs * (time[key] ?? 1),
      ...(p.row.energyUj !== undefined ? { measuredUj: p.row.energyUj, modelUj: p.modelUj } : {}),
    };
  });
  return { ok: true, value: { calibration: { time, energy }, rows, unmatched } };
}
