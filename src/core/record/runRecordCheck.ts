/**
 * Every field of an imported run record, checked against what a search of this app can produce:
 * genomes of one preset space (a trimmed space's genomes are genomes of its preset), keys that are
 * the genomes' own, metrics finite and in their ranges, objective values that are the point's
 * metrics and hypervolumes finite and in range, and sizes within RUN_RECORD_LIMITS. Each message
 * names the field by its path (`front[3].metrics.latencyMs`) and says what was given.
 */
import { at } from '../at.js';
import { genomeKey, validateGenome } from '../model/genome.js';
import { SUBNET_METRICS, type SearchPoint, type SubnetMetrics } from '../search/searchProblem.js';
import { SEARCH_OBJECTIVES } from '../search/objectives.js';
import { SEARCH_LIMITS } from '../search/settings.js';
import { getSpace, hasSpace } from '../model/spaces.js';

/**
 * Size limits of a run record. A page run of the largest population for a thousand generations stays
 * well inside; beyond them a record is refused before anything is drawn.
 */
export const RUN_RECORD_LIMITS = {
  /** characters of the file (JSON text) */
  chars: 64 * 1024 * 1024,
  /** entries of `points` (and of `front`, and of `measured`) */
  points: 100_000,
  /** entries of `hypervolumes`: one per generation, so the generations limit */
  hypervolumes: SEARCH_LIMITS.generations[1],
  /** characters of a genome's space id (a trimmed space's id lists its trims) */
  spaceId: 2_000,
} as const;

/** No metric of these spaces comes near this; it keeps every sum and difference a plot takes finite. */
export const MAX_METRIC = 1e15;

/** A number as given: `NaN`, `Infinity`, `-1e+308` (never JSON's `null`). */
const shown = (v: number): string => String(v);

/** What a metric may be; `null` when it is. */
function metricProblem(k: keyof SubnetMetrics, v: number): string | null {
  if (k === 'accuracy') return Number.isFinite(v) && v >= 0 && v <= 1 ? null : `${shown(v)} is not an accuracy (a fraction 0–1)`;
  if (!Number.isFinite(v) || v < 0 || v > MAX_METRIC) return `${shown(v)} is out of range (0–${MAX_METRIC.toExponential()})`;
  if ((k === 'params' || k === 'macs' || k === 'cimWeightBytes') && !Number.isInteger(v)) return `${shown(v)} is not a whole number`;
  return null;
}

/** The genome key's shape (`genomeKey`, then `|M,U,P` under co-search). */
const KEY = /^\d{1,6}\/\d{1,6}(\/\d{1,6},\d{1,6},\d{1,6},\d{1,6},\d{1,6},[mv]{0,16}){1,16}(\|\d{1,4},\d{1,4},\d{1,4})?$/;

/** The shape-checked record fields this module reads. */
export interface RecordPoints {
  readonly front: readonly SearchPoint[];
  readonly points: readonly SearchPoint[];
  readonly hypervolumes: readonly number[];
  readonly measured: Readonly<Record<string, number>>;
  readonly timings: { readonly elapsedMs: number; readonly evaluations: number; readonly generations: number };
  readonly seed: number;
}

function checkPoint(
  p: SearchPoint,
  at: string,
  errors: string[],
  ctx: { preset: string | null; hw: boolean | null; m: number | null },
): void {
  const raw = p.genome as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof (raw as { space?: unknown }).space !== 'string') {
    errors.push(`${at}.genome: must be a genome object with its space`);
    return;
  }
  const spaceId = p.genome.space;
  const preset = spaceId.split('~')[0] ?? '';
  if (spaceId.length > RUN_RECORD_LIMITS.spaceId || !hasSpace(preset)) {
    errors.push(`${at}.genome.space: "${spaceId.slice(0, 40)}" is not a space of this app`);
    return;
  }
  if (ctx.preset === null) ctx.preset = preset;
  else if (ctx.preset !== preset) errors.push(`${at}.genome.space: ${preset}, while the record's first subnet is of ${ctx.preset}`);
  const space = getSpace(preset);
  const g = validateGenome(space, { ...p.genome, space: preset });
  if (!g.ok) errors.push(`${at}.genome.${g.errors[0] ?? 'invalid'}`);
  const hw = p.hw;
  if (hw !== null) {
    const { cimMacros: mac, cimUnits: u, npuMacsPerCycle: pp } = hw;
    if (!Number.isInteger(mac) || mac < 1 || mac > 64) errors.push(`${at}.hw.cimMacros: ${shown(mac)} is not a whole number 1–64`);
    else if (!Number.isInteger(u) || u < 1 || u > mac) errors.push(`${at}.hw.cimUnits: ${shown(u)} is not a whole number 1–${mac}`);
    if (!Number.isInteger(pp) || pp < 32 || pp > 2048) errors.push(`${at}.hw.npuMacsPerCycle: ${shown(pp)} is not a whole number 32–2048`);
  }
  if (ctx.hw === null) ctx.hw = hw !== null;
  else if (ctx.hw !== (hw !== null))
    errors.push(
      `${at}.hw: ${hw ? 'hardware genes on one subnet of a run without co-search' : 'missing, while other subnets of the run carry hardware genes'}`,
    );
  const suffix = hw ? `|${hw.cimMacros},${hw.cimUnits},${hw.npuMacsPerCycle}` : '';
  // a trimmed space canonicalises the MLP ratio of a stage without transformers to its own first choice
  const keyOk = g.ok && (spaceId === preset ? p.key === genomeKey(space, g.value) + suffix : KEY.test(p.key) && p.key.endsWith(suffix));
  if (g.ok && !keyOk) errors.push(`${at}.key: "${p.key.slice(0, 40)}" is not the key of its genome`);
  for (const k of SUBNET_METRICS) {
    const problem = metricProblem(k, p.metrics[k]);
    if (problem) errors.push(`${at}.metrics.${k}: ${problem}`);
  }
  const [oLo, oHi] = SEARCH_LIMITS.objectives;
  if (p.values.length < oLo || p.values.length > oHi)
    errors.push(`${at}.values: ${p.values.length} values, one per objective (${oLo}–${oHi})`);
  else if (ctx.m !== null && p.values.length !== ctx.m)
    errors.push(`${at}.values: ${p.values.length} values, while most subnets of the record have ${ctx.m}`);
  if (!Number.isFinite(p.violation) || p.violation < 0 || p.violation > MAX_METRIC)
    errors.push(`${at}.violation: ${shown(p.violation)} is out of range (0–${MAX_METRIC.toExponential()})`);
  else if (p.feasible !== p.violation <= 0)
    errors.push(`${at}.feasible: ${String(p.feasible)}, but its violation is ${shown(p.violation)}`);
}

/**
 * The objective of each value position: the metric every subnet's value equals there. A value
 * that is none of its subnet's metrics is named.
 */
function checkValues(all: readonly [string, readonly SearchPoint[]][], m: number, errors: string[]): void {
  for (let i = 0; i < m; i++) {
    let candidates = SEARCH_OBJECTIVES.slice();
    for (const [name, list] of all) {
      for (let j = 0; j < list.length; j++) {
        const p = at(list, j);
        const v = at(p.values, i);
        const left = candidates.filter((o) => Object.is(p.metrics[o], v));
        if (left.length === 0) {
          errors.push(`${name}[${j}].values[${i}]: ${shown(v)} is not the subnet's value of ${candidates.join(' or ')}`);
          return;
        }
        candidates = left;
      }
    }
  }
}

/** The number of objective values most subnets have (one of them is wrong when they differ). */
function mostCommonLength(lists: readonly [string, readonly SearchPoint[]][]): number | null {
  const counts = new Map<number, number>();
  for (const [, list] of lists) for (const p of list) counts.set(p.values.length, (counts.get(p.values.length) ?? 0) + 1);
  let best: number | null = null;
  for (const [n, c] of counts) if (best === null || c > (counts.get(best) ?? 0)) best = n;
  return best;
}

/** The problems of a shape-checked record (at most `max`); an empty list: it can be imported. */
export function checkRunRecord(r: RecordPoints, max = 5): string[] {
  const errors: string[] = [];
  const L = RUN_RECORD_LIMITS;
  for (const [name, n, limit] of [
    ['points', r.points.length, L.points],
    ['front', r.front.length, L.points],
    ['hypervolumes', r.hypervolumes.length, L.hypervolumes],
    ['measured', Object.keys(r.measured).length, L.points],
  ] as const) {
    if (n > limit) errors.push(`${name}: ${n.toLocaleString('en-US')} entries, at most ${limit.toLocaleString('en-US')}`);
  }
  if (errors.length > 0) return errors;
  if (r.front.length > r.points.length)
    errors.push(`front: ${r.front.length} subnets, more than the ${r.points.length} evaluated (points)`);
  const lists: [string, readonly SearchPoint[]][] = [
    ['front', r.front],
    ['points', r.points],
  ];
  const ctx = { preset: null as string | null, hw: null as boolean | null, m: mostCommonLength(lists) };
  for (const [name, list] of lists) {
    for (let i = 0; i < list.length && errors.length < max; i++) checkPoint(at(list, i), `${name}[${i}]`, errors, ctx);
  }
  if (errors.length === 0 && ctx.m !== null) checkValues(lists, ctx.m, errors);
  const known = new Set(r.points.map((p) => p.key));
  const stray = r.front.findIndex((p) => !known.has(p.key));
  if (errors.length === 0 && stray >= 0)
    errors.push(`front[${stray}].key: "${(r.front[stray]?.key ?? '').slice(0, 40)}" is not among the evaluated subnets (points)`);
  // normalised to the problem's bounds (a subnet beyond them counts past the reference box), so no tighter limit
  const hv = r.hypervolumes.findIndex((v) => !Number.isFinite(v) || v < 0 || v > MAX_METRIC);
  if (hv >= 0) errors.push(`hypervolumes[${hv}]: ${shown(at(r.hypervolumes, hv))} is out of range (0–${MAX_METRIC.toExponential()})`);
  for (const [k, v] of Object.entries(r.measured)) {
    if (!known.has(k)) errors.push(`measured: "${k.slice(0, 40)}" is not among the evaluated subnets (points)`);
    else if (!Number.isFinite(v) || v < 0 || v > 1)
      errors.push(`measured: the entry "${k.slice(0, 40)}" is ${shown(v)}, not an accuracy (a fraction 0–1)`);
    if (errors.length >= max) break;
  }
  const t = r.timings;
  if (!Number.isFinite(t.elapsedMs) || t.elapsedMs < 0)
    errors.push(`timings.elapsedMs: ${shown(t.elapsedMs)} is not a duration (a finite number ≥ 0)`);
  if (!Number.isInteger(t.evaluations) || t.evaluations < 0 || t.evaluations > Number.MAX_SAFE_INTEGER)
    errors.push(`timings.evaluations: ${shown(t.evaluations)} is not a whole number ≥ 0`);
  if (t.generations !== r.hypervolumes.length)
    errors.push(
      `timings.generations: ${shown(t.generations)}, but the record has ${r.hypervolumes.length} hypervolumes (one per generation)`,
    );
  const [sLo, sHi] = SEARCH_LIMITS.seed;
  if (!Number.isInteger(r.seed) || r.seed < sLo || r.seed > sHi)
    errors.push(`seed: ${shown(r.seed)} is not a whole number ${sLo}–${sHi.toLocaleString('en-US')}`);
  return errors.slice(0, max);
}
