/**
 * Run records against hostile files (issue 14): every field is checked with its path named, sizes are
 * bounded, keys named after Object.prototype's properties are refused, and no input — mutated,
 * huge, non-finite, with a BOM — makes the parser throw, accept a value outside its range, or change
 * Object.prototype.
 */
import { at } from '../at.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getSystem } from '../hardware/hardware.js';
import { frontToCsv, frontToJson, parseRunRecord, RUN_RECORD_KIND, RUN_RECORD_VERSION, type RunRecord } from './runRecord.js';
import { MAX_METRIC, RUN_RECORD_LIMITS } from './runRecordCheck.js';
import { createSearch } from '../search/search.js';
import type { SearchPoint } from '../search/searchProblem.js';
import { trimSpace } from '../search/exhaustive.js';
import { getSpace } from '../model/spaces.js';
import { validateGenome } from '../model/genome.js';

function record(opts: { coSearch?: boolean; trimmed?: boolean } = {}): RunRecord {
  const space = opts.trimmed ? trimSpace(getSpace('mini'), { r: [28], stages: { s3: { m: [2] } } }) : getSpace('mini');
  const s = createSearch({
    space,
    system: getSystem('u55-mram'),
    objectives: ['accuracy', 'latencyMs', 'energyUj'],
    population: 8,
    generations: 3,
    seed: 5,
    coSearch: opts.coSearch ?? false,
  });
  let g;
  const hv: number[] = [];
  do {
    g = s.step();
    hv.push(g.hypervolume);
  } while (!g.done);
  const points = s.evaluated();
  return {
    kind: RUN_RECORD_KIND,
    version: RUN_RECORD_VERSION,
    app: { name: 'h4h-explorer', version: '0.1.0' },
    createdAt: '2026-12-06T00:00:00.000Z',
    link: 'http://localhost:4173/#v=2&space=mini',
    seed: 5,
    accuracySource: 'proxy',
    front: g.front,
    points,
    hypervolumes: hv,
    measured: { [g.front[0]?.key ?? '']: 0.5 },
    timings: { elapsedMs: 12, evaluations: points.length, generations: hv.length },
  };
}

const BASE = record();
type Json = Record<string, unknown>;
/** The record as JSON with one change made by `edit` on a plain copy. */
const edited = (edit: (r: Json & { front: Json[]; points: Json[] }) => void, base: RunRecord = BASE): string => {
  const r = JSON.parse(JSON.stringify(base)) as Json & { front: Json[]; points: Json[] };
  edit(r);
  return JSON.stringify(r);
};
const metricsOf = (p: Json): Json => p.metrics as Json;
const errorsOf = (text: string): readonly string[] => {
  const r = parseRunRecord(text);
  return r.ok ? [] : r.errors;
};

const PROTO_NAMES: readonly string[] = [...Object.getOwnPropertyNames(Object.prototype), '__proto__'];
const protoSnapshot = (): string =>
  JSON.stringify(Object.getOwnPropertyDescriptors(Object.prototype), (_k, v: unknown) =>
    typeof v === 'function' ? `${v.name}:${Object.keys(v).join()}` : v,
  );

describe('run records: every field checked, sizes bounded', () => {
  it('records of plain, co-search and trimmed runs are read back whole, with a BOM too', () => {
    for (const rec of [BASE, record({ coSearch: true }), record({ trimmed: true })]) {
      expect(parseRunRecord(JSON.stringify(rec))).toEqual({ ok: true, value: JSON.parse(JSON.stringify(rec)) });
      expect(parseRunRecord(`\uFEFF${JSON.stringify(rec)}`).ok).toBe(true);
    }
  });

  it('refuses values outside their ranges, naming the field by its path and the value as given', () => {
    // before: all of these were accepted (negative latency, accuracy 250, a finite ±1.79e308 that becomes NaN in plot paths)
    expect(errorsOf(edited((r) => void (metricsOf(r.front[0] as Json).latencyMs = -1)))).toEqual([
      `run record front[0].metrics.latencyMs: -1 is out of range (0–1e+15)`,
    ]);
    expect(errorsOf(edited((r) => void (metricsOf(r.points[1] as Json).accuracy = 250)))).toEqual([
      'run record points[1].metrics.accuracy: 250 is not an accuracy (a fraction 0–1)',
    ]);
    expect(errorsOf(edited((r) => void (metricsOf(r.points[2] as Json).energyUj = 1.79e308)))).toEqual([
      'run record points[2].metrics.energyUj: 1.79e+308 is out of range (0–1e+15)',
    ]);
    expect(errorsOf(edited((r) => void (metricsOf(r.points[2] as Json).energyUj = -1.79e308)))).toEqual([
      'run record points[2].metrics.energyUj: -1.79e+308 is out of range (0–1e+15)',
    ]);
    expect(errorsOf(JSON.stringify(BASE).replace(/"latencyMs":[^,}]+/, '"latencyMs":1e400'))).toEqual([
      'run record front[0].metrics.latencyMs: Invalid input: expected number, received Infinity',
    ]);
    expect(errorsOf(edited((r) => void (r.hypervolumes = [0.5, -0.1, 0.7])))).toEqual([
      'run record hypervolumes[1]: -0.1 is out of range (0–1e+15)',
    ]);
    expect(errorsOf(edited((r) => void (r.seed = -3)))).toEqual(['run record seed: -3 is not a whole number 0–4,294,967,295']);
    expect(errorsOf(edited((r) => void ((r.timings as Json).generations = 9)))).toEqual([
      'run record timings.generations: 9, but the record has 3 hypervolumes (one per generation)',
    ]);
    expect(errorsOf(edited((r) => void (r.points[0] = { ...(r.points[0] as Json), violation: 0.5 })))).toEqual([
      'run record points[0].feasible: true, but its violation is 0.5',
    ]);
    expect(MAX_METRIC).toBe(1e15);
  });

  it("refuses invalid genomes, keys that are not their genome's, and value arrays of the wrong length or meaning", () => {
    expect(errorsOf(edited((r) => void ((r.points[0] as { genome: Json }).genome.r = 27)))).toEqual([
      'run record points[0].genome.r: 27 is not allowed (allowed: 20, 24, 28)',
    ]);
    expect(errorsOf(edited((r) => void ((r.points[0] as { genome: Json }).genome.space = 'constructor')))).toEqual([
      'run record points[0].genome.space: "constructor" is not a space of this app',
    ]);
    expect(errorsOf(edited((r) => void ((r.points[0] as { genome: Json }).genome.extra = 1)))).toEqual([
      'run record points[0].genome.(root): unknown field "extra" in a genome object',
    ]);
    expect(errorsOf(edited((r) => void ((r.front[0] as Json).values = [0.5])))).toEqual([
      'run record front[0].values: 1 values, while most subnets of the record have 3',
    ]);
    expect(errorsOf(edited((r) => void ((r.points[3] as Json).values = [])))).toEqual([
      'run record points[3].values: 0 values, one per objective (1–4)',
    ]);
    const swapped = errorsOf(
      edited((r) => {
        const p = r.points[4] as { values: number[] };
        p.values = [at(p.values, 1), at(p.values, 0), at(p.values, 2)];
      }),
    );
    expect(swapped[0]).toMatch(/^run record points\[4\]\.values\[0\]: [\d.e-]+ is not the subnet's value of accuracy$/);
    expect(errorsOf(edited((r) => void ((r.front[0] as Json).key = 'x')))).toEqual([
      'run record front[0].key: "x" is not the key of its genome',
    ]);
    expect(errorsOf(edited((r) => void ((r.points[0] as Json).hw = { cimMacros: 4, cimUnits: 3, npuMacsPerCycle: 256 })))[0]).toBe(
      'run record points[0].hw: hardware genes on one subnet of a run without co-search',
    );
    expect(errorsOf(edited((r) => void ((r.measured as Json)[r.front[0]?.key as string] = 1.5)))).toEqual([
      `run record measured: the entry "${(BASE.front[0]?.key ?? '').slice(0, 40)}" is 1.5, not an accuracy (a fraction 0–1)`,
    ]);
    expect(
      errorsOf(
        edited((r) => void ((r.points[0] as Json).hw = { cimMacros: 4, cimUnits: 5, npuMacsPerCycle: 256 }), record({ coSearch: true })),
      )[0],
    ).toBe('run record points[0].hw.cimUnits: 5 is not a whole number 1–4');
  });

  it("keys and measured entries named after Object.prototype's properties are refused; the CSV never writes a function", () => {
    // before: a front key `toString` was accepted, and the CSV export wrote `function toString() { [native code] }` as its accuracy
    for (const name of PROTO_NAMES) {
      expect(errorsOf(edited((r) => void ((r.front[0] as Json).key = name)))).toEqual([
        `run record front[0].key: "${name}" is not the key of its genome`,
      ]);
      const m = errorsOf(JSON.stringify(BASE).replace(/"measured":\{/, `"measured":{${JSON.stringify(name)}:0.5,`));
      expect(m).toEqual([`run record measured: "${name}" is not among the evaluated subnets (points)`]);
    }
    const p = { ...BASE.front[0], key: 'toString' } as SearchPoint;
    expect(frontToCsv([p], 'proxy').split('\n')[1]).toContain(`,${p.metrics.accuracy},proxy,`);
    expect((JSON.parse(frontToJson([p], 'proxy')) as { front: { accuracy: unknown }[] }).front[0]?.accuracy).toBe(p.metrics.accuracy);
    const ok = parseRunRecord(JSON.stringify(BASE));
    expect(ok.ok && Object.getPrototypeOf(ok.value.measured)).toBe(null);
  });

  it('sizes: more hypervolumes, points or characters than the limits are refused with the limit named', () => {
    expect(RUN_RECORD_LIMITS).toEqual({ chars: 67_108_864, points: 100_000, hypervolumes: 100_000, spaceId: 2_000 });
    // before: 200,000 hypervolumes passed and crashed the chart's Math.max(...values)
    const hv = errorsOf(edited((r) => void (r.hypervolumes = Array.from({ length: 200_000 }, () => 0.5))));
    expect(hv).toEqual(['run record hypervolumes: at most 100,000 hypervolumes (one per generation)']);
    const many = errorsOf(edited((r) => void (r.points = Array.from({ length: 100_001 }, () => ({})))));
    expect(many).toEqual(['run record points: at most 100,000 subnets']);
    expect(errorsOf(' '.repeat(RUN_RECORD_LIMITS.chars + 1))).toEqual(['run record: 67,108,865 characters, at most 67,108,864']);
  });

  it('fuzzed records (mutated fields, prototype names, huge and non-finite numbers): the named refusal or a record in range; Object.prototype unchanged', () => {
    const before = protoSnapshot();
    const text = JSON.stringify(BASE);
    const value = fc.oneof(
      fc.constantFrom(...PROTO_NAMES).map((n) => JSON.stringify(n)),
      fc.constantFrom(
        '1e400',
        '-1e400',
        '1.79e308',
        '-1.79e308',
        '-1',
        '250',
        '0',
        '1e-320',
        'null',
        'true',
        '[]',
        '{}',
        '"\uFEFF"',
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
      ),
      fc.double().filter(Number.isFinite).map(String),
    );
    // replaces the n-th JSON value (number, string, literal) of the record's text
    const token = /-?\d+(\.\d+)?(e[+-]?\d+)?|"(\\.|[^"\\])*"|true|false|null/gi;
    const count = text.match(token)?.length ?? 1;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(count - 1), value), { minLength: 1, maxLength: 4 }), (edits) => {
        let t = text;
        for (const [n, v] of edits) {
          let i = -1;
          t = t.replace(token, (m) => (++i === n ? v : m));
        }
        const r = parseRunRecord(t);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) expect(e).toMatch(/^run record( [\w[\].()]+)?: /);
          return;
        }
        const space = getSpace('mini');
        for (const p of [...r.value.front, ...r.value.points]) {
          expect(validateGenome(space, p.genome).ok).toBe(true);
          expect(p.metrics.accuracy).toBeGreaterThanOrEqual(0);
          expect(p.metrics.accuracy).toBeLessThanOrEqual(1);
          for (const v of Object.values(p.metrics)) expect(Number.isFinite(v) && v >= 0 && v <= MAX_METRIC).toBe(true);
          expect(p.values.every(Number.isFinite)).toBe(true);
        }
        for (const v of r.value.hypervolumes) expect(Number.isFinite(v) && v >= 0).toBe(true);
        for (const v of Object.values(r.value.measured)) expect(v >= 0 && v <= 1).toBe(true);
      }),
      { numRuns: 400 },
    );
    for (const junk of [
      '',
      '\uFEFF',
      'null',
      '[]',
      '"x"',
      '{"__proto__":{"kind":"h4h-explorer/search-run"}}',
      '{"constructor":{"prototype":{"x":1}}}',
    ]) {
      expect(parseRunRecord(junk).ok).toBe(false);
    }
    expect(protoSnapshot()).toBe(before);
    expect(({} as Json).polluted).toBeUndefined();
  }, 60_000);
});
