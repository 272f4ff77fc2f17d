/**
 * What a search run exports (SPEC §8): the front as CSV or JSON, and the full run record — config,
 * seed, app version, the front, every subnet evaluated, hypervolumes, timings — that re-imports.
 * The CSV's `genome` and `accuracy` columns are those `parseAccuracyTable` reads, so a front exported
 * from one run can be imported as a table in another.
 */
import type { AccuracySource } from './accuracy.js';
import { ACCURACY_LABELS } from './accuracy.js';
import type { SearchPoint } from './searchProblem.js';
import { validateLesson, type Lesson } from './lesson.js';
import { z } from './zod.js';

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One row per subnet: genome (JSON), accuracy (fraction) and its source, latency, energy, params, MACs, and hardware genes under co-search. */
export function frontToCsv(front: readonly SearchPoint[], source: AccuracySource, measured: Readonly<Record<string, number>> = {}): string {
  const hw = front.some((p) => p.hw);
  const head = ['genome', 'accuracy', 'accuracySource', 'latencyMs', 'energyUj', 'params', 'macs', ...(hw ? ['cimMacros', 'cimUnits', 'npuMacsPerCycle'] : [])];
  const rows = front.map((p) => {
    const m = measured[p.key];
    return [
      csvField(JSON.stringify(p.genome)), String(m ?? p.metrics.accuracy), m !== undefined ? 'supernet' : source,
      String(p.metrics.latencyMs), String(p.metrics.energyUj), String(p.metrics.params), String(p.metrics.macs),
      ...(hw ? [String(p.hw?.cimMacros ?? ''), String(p.hw?.cimUnits ?? ''), String(p.hw?.npuMacsPerCycle ?? '')] : []),
    ].join(',');
  });
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

/** The front as JSON rows `{ arch, accuracy, accuracySource, latencyMs, energyUj, params, macs, hw? }`. */
export function frontToJson(front: readonly SearchPoint[], source: AccuracySource, measured: Readonly<Record<string, number>> = {}): string {
  return `${JSON.stringify(
    {
      accuracySource: source,
      accuracyLabel: ACCURACY_LABELS[source],
      front: front.map((p) => ({
        arch: p.genome, accuracy: measured[p.key] ?? p.metrics.accuracy, accuracySource: measured[p.key] !== undefined ? 'supernet' : source,
        latencyMs: p.metrics.latencyMs, energyUj: p.metrics.energyUj, params: p.metrics.params, macs: p.metrics.macs, ...(p.hw ? { hw: p.hw } : {}),
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

const point = z.object({
  genome: z.object({ space: z.string() }).passthrough(),
  hw: z.object({ cimMacros: z.number(), cimUnits: z.number(), npuMacsPerCycle: z.number() }).nullable(),
  key: z.string(),
  values: z.array(z.number()),
  violation: z.number(),
  feasible: z.boolean(),
  metrics: z.object({
    accuracy: z.number(), latencyMs: z.number(), energyUj: z.number(), params: z.number(), macs: z.number(), cimWeightBytes: z.number(), cimUse: z.number(), cimAreaMm2: z.number(),
  }),
}).passthrough();

const record = z.object({
  kind: z.literal(RUN_RECORD_KIND, { error: `must be "${RUN_RECORD_KIND}": this is not a run record of this app` }),
  version: z.number().int().min(1),
  app: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  link: z.string().max(20_000),
  seed: z.number(),
  accuracySource: z.enum(['proxy', 'predictor', 'supernet', 'table']),
  front: z.array(point),
  points: z.array(point),
  hypervolumes: z.array(z.number()),
  measured: z.record(z.string(), z.number()),
  timings: z.object({ elapsedMs: z.number(), evaluations: z.number(), generations: z.number() }),
  lesson: z.unknown().optional(),
});

/** Reads a run record file; each problem names its field. Genomes are checked again when the link is applied. */
export function parseRunRecord(text: string): { ok: true; value: RunRecord } | { ok: false; errors: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`run record: not valid JSON (${(e as Error).message})`] };
  }
  const r = record.safeParse(data);
  if (!r.success) return { ok: false, errors: r.error.issues.slice(0, 5).map((i) => `run record ${i.path.join('.') || '(top)'}: ${i.message}`) };
  if (r.data.version > RUN_RECORD_VERSION) return { ok: false, errors: [`run record version: ${r.data.version} is newer than this app reads (${RUN_RECORD_VERSION})`] };
  if (r.data.lesson !== undefined) {
    const l = validateLesson(r.data.lesson);
    if (!l.ok) return { ok: false, errors: l.errors.slice(0, 5).map((e) => `run record lesson.${e}`) };
    return { ok: true, value: { ...(r.data as unknown as RunRecord), lesson: l.value } };
  }
  return { ok: true, value: r.data as unknown as RunRecord };
}
