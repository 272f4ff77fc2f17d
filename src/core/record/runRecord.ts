/**
 * What a search run exports (SPEC §8): the front as CSV or JSON, and the full run record — config,
 * seed, app version, the front, every subnet evaluated, hypervolumes, timings — that re-imports.
 * The CSV's `genome` and `accuracy` columns are those `parseAccuracyTable` reads, so a front exported
 * from one run can be imported as a table in another.
 */
import type { AccuracySource } from '../accuracy/accuracy.js';
import { ACCURACY_LABELS } from '../accuracy/accuracy.js';
import { HW_GENES, SUBNET_METRICS, type SearchPoint } from '../search/searchProblem.js';
import { validateLesson, type Lesson } from '../learn/lesson.js';
import { fieldPath } from '../model/genome.js';
import { checkRunRecord, RUN_RECORD_LIMITS } from './runRecordCheck.js';
import { SEARCH_ACCURACY_SOURCES } from '../search/settings.js';
import { z } from '../zod.js';

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A remeasured accuracy by subnet key: only the map's own entries (never `toString` of its prototype). */
export const measuredAccuracy = (measured: Readonly<Record<string, number>>, key: string): number | undefined =>
  Object.hasOwn(measured, key) ? measured[key] : undefined;

/** One row per subnet: genome (JSON), accuracy (fraction) and its source, latency, energy, params, MACs, and hardware genes under co-search. */
export function frontToCsv(front: readonly SearchPoint[], source: AccuracySource, measured: Readonly<Record<string, number>> = {}): string {
  const hw = front.some((p) => p.hw);
  const head = [
    'genome',
    'accuracy',
    'accuracySource',
    'latencyMs',
    'energyUj',
    'params',
    'macs',
    ...(hw ? ['cimMacros', 'cimUnits', 'npuMacsPerCycle'] : []),
  ];
  const rows = front.map((p) => {
    const m = measuredAccuracy(measured, p.key);
    return [
      csvField(JSON.stringify(p.genome)),
      String(m ?? p.metrics.accuracy),
      m !== undefined ? 'supernet' : source,
      String(p.metrics.latencyMs),
      String(p.metrics.energyUj),
      String(p.metrics.params),
      String(p.metrics.macs),
      ...(hw ? [String(p.hw?.cimMacros ?? ''), String(p.hw?.cimUnits ?? ''), String(p.hw?.npuMacsPerCycle ?? '')] : []),
    ].join(',');
  });
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

/** The front as JSON rows `{ arch, accuracy, accuracySource, latencyMs, energyUj, params, macs, hw? }`. */
export function frontToJson(
  front: readonly SearchPoint[],
  source: AccuracySource,
  measured: Readonly<Record<string, number>> = {},
): string {
  return `${JSON.stringify(
    {
      accuracySource: source,
      accuracyLabel: ACCURACY_LABELS[source],
      front: front.map((p) => ({
        arch: p.genome,
        accuracy: measuredAccuracy(measured, p.key) ?? p.metrics.accuracy,
        accuracySource: measuredAccuracy(measured, p.key) !== undefined ? 'supernet' : source,
        latencyMs: p.metrics.latencyMs,
        energyUj: p.metrics.energyUj,
        params: p.metrics.params,
        macs: p.metrics.macs,
        ...(p.hw ? { hw: p.hw } : {}),
      })),
    },
    null,
    2,
  )}\n`;
}

export const RUN_RECORD_KIND = 'h4h-explorer/search-run';
export const RUN_RECORD_VERSION = 1;

/**
 * A search run as a file. `config` is the page's link state (the same fields as the URL), kept as
 * data; `points` are every subnet evaluated, `front` their non-dominated ones.
 */
export interface RunRecord {
  readonly kind: typeof RUN_RECORD_KIND;
  readonly version: number;
  readonly app: { readonly name: string; readonly version: string };
  readonly createdAt: string;
  /** the page's link when the run finished: opening it restores every input */
  readonly link: string;
  readonly seed: number;
  readonly accuracySource: AccuracySource;
  readonly front: readonly SearchPoint[];
  readonly points: readonly SearchPoint[];
  readonly hypervolumes: readonly number[];
  readonly measured: Readonly<Record<string, number>>;
  readonly timings: { readonly elapsedMs: number; readonly evaluations: number; readonly generations: number };
  /** a teacher's lesson that was open (SPEC §8.1): importing the record opens it again */
  readonly lesson?: Lesson;
}

/** An object of numbers with exactly these keys (the metrics and hardware genes are listed once, in searchProblem.ts). */
const numbers = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

const point = z.object({
  genome: z.unknown(), // checked whole by the genome validator (checkRunRecord)
  hw: numbers(HW_GENES).nullable(),
  key: z.string().max(500),
  values: z.array(z.number()).max(16),
  violation: z.number(),
  feasible: z.boolean(),
  metrics: numbers(SUBNET_METRICS),
});

const L = RUN_RECORD_LIMITS;
const record = z.object({
  kind: z.literal(RUN_RECORD_KIND, { error: `must be "${RUN_RECORD_KIND}": this is not a run record of this app` }),
  version: z.number().int().min(1),
  app: z.object({ name: z.string().max(100), version: z.string().max(100) }),
  createdAt: z.string().max(100),
  link: z.string().max(20_000),
  seed: z.number(),
  accuracySource: z.enum(SEARCH_ACCURACY_SOURCES as [AccuracySource, ...AccuracySource[]]),
  front: z.array(point).max(L.points, { error: `at most ${L.points.toLocaleString('en-US')} subnets` }),
  points: z.array(point).max(L.points, { error: `at most ${L.points.toLocaleString('en-US')} subnets` }),
  hypervolumes: z
    .array(z.number())
    .max(L.hypervolumes, { error: `at most ${L.hypervolumes.toLocaleString('en-US')} hypervolumes (one per generation)` }),
  measured: z.unknown(), // read below into an object without a prototype
  timings: z.object({ elapsedMs: z.number(), evaluations: z.number(), generations: z.number() }),
  lesson: z.unknown().optional(),
});

/** `measured` as an object without a prototype (every own key of the JSON, `__proto__` included), or the problem. */
function measuredOf(raw: unknown): Record<string, number> | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ': must be an object of accuracies by subnet key';
  const out = Object.create(null) as Record<string, number>;
  const keys = Object.keys(raw);
  if (keys.length > L.points) return `: ${keys.length.toLocaleString('en-US')} entries, at most ${L.points.toLocaleString('en-US')}`;
  for (const k of keys) {
    const v = (raw as Record<string, unknown>)[k];
    if (typeof v !== 'number') return `: the entry "${k.slice(0, 40)}" must be a number (an accuracy 0–1)`;
    out[k] = v;
  }
  return out;
}

/** The subnets of a record as plain points, keeping only their own fields. */
const plainPoint = (p: z.infer<typeof point>): SearchPoint => ({
  genome: p.genome as unknown as SearchPoint['genome'],
  hw: p.hw,
  key: p.key,
  metrics: p.metrics,
  values: p.values,
  violation: p.violation,
  feasible: p.feasible,
});

/**
 * Reads a run record file (at most RUN_RECORD_LIMITS.chars characters; a byte-order mark is
 * skipped): each problem names its field, with what was given. Every field is checked
 * (`checkRunRecord`); `measured` comes back as an object without a prototype.
 */
export function parseRunRecord(text: string): { ok: true; value: RunRecord } | { ok: false; errors: string[] } {
  if (text.length > L.chars)
    return {
      ok: false,
      errors: [`run record: ${text.length.toLocaleString('en-US')} characters, at most ${L.chars.toLocaleString('en-US')}`],
    };
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [`run record: not valid JSON (${(e as Error).message.slice(0, 80)})`] };
  }
  const r = record.safeParse(data);
  if (!r.success)
    return { ok: false, errors: r.error.issues.slice(0, 5).map((i) => `run record ${fieldPath(i.path) || '(top)'}: ${i.message}`) };
  if (r.data.version > RUN_RECORD_VERSION)
    return { ok: false, errors: [`run record version: ${r.data.version} is newer than this app reads (${RUN_RECORD_VERSION})`] };
  const m = measuredOf(r.data.measured);
  if (typeof m === 'string') return { ok: false, errors: [`run record measured${m}`] };
  const measured = m;
  const base = { ...r.data, front: r.data.front.map(plainPoint), points: r.data.points.map(plainPoint), measured };
  const problems = checkRunRecord(base);
  if (problems.length > 0) return { ok: false, errors: problems.map((e) => `run record ${e}`) };
  const { lesson, ...rest } = base;
  const value = rest as Omit<RunRecord, 'lesson'>;
  if (lesson !== undefined) {
    const l = validateLesson(lesson);
    if (!l.ok) return { ok: false, errors: l.errors.slice(0, 5).map((e) => `run record lesson.${e}`) };
    return { ok: true, value: { ...value, lesson: l.value } };
  }
  return { ok: true, value };
}
