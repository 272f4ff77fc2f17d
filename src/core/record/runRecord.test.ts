import { describe, expect, it } from 'vitest';
import { parseAccuracyTable } from '../accuracy/accuracyTable.js';
import { getSystem } from '../hardware/hardware.js';
import { frontToCsv, frontToJson, parseRunRecord, RUN_RECORD_KIND, RUN_RECORD_VERSION, type RunRecord } from './runRecord.js';
import { createSearch } from '../search/search.js';
import { getSpace } from '../model/spaces.js';

function run(coSearch = false) {
  const s = createSearch({
    space: getSpace('mini'),
    system: getSystem('u55-mram'),
    objectives: ['accuracy', 'latencyMs'],
    population: 12,
    generations: 3,
    seed: 4,
    coSearch,
  });
  let g;
  do g = s.step();
  while (!g.done);
  return { front: g.front, points: s.evaluated() };
}

describe('front exports and run records', () => {
  it("the front CSV re-reads as an accuracy table with the same subnets and accuracies; measured values replace the search's", () => {
    const { front } = run();
    const measured = { [front[0]!.key]: 0.5 };
    const csv = frontToCsv(front, 'proxy', measured);
    expect(csv.split('\n')[0]).toBe('genome,accuracy,accuracySource,latencyMs,energyUj,params,macs');
    const t = parseAccuracyTable(getSpace('mini'), csv);
    if (!t.ok) throw new Error(t.errors.join('\n'));
    expect(t.value.entries.map((e) => e.genome)).toEqual(front.map((p) => p.genome));
    expect(t.value.entries.map((e) => e.accuracy)).toEqual(front.map((p, i) => (i === 0 ? 0.5 : p.metrics.accuracy)));
    expect(csv.split('\n')[1]).toContain(',0.5,supernet,');
    const json = JSON.parse(frontToJson(front, 'proxy')) as { accuracyLabel: string; front: { latencyMs: number }[] };
    expect(json.accuracyLabel).toBe('proxy — not measured');
    expect(json.front.map((f) => f.latencyMs)).toEqual(front.map((p) => p.metrics.latencyMs));
    expect(frontToCsv(run(true).front, 'proxy').split('\n')[0]).toBe(
      'genome,accuracy,accuracySource,latencyMs,energyUj,params,macs,cimMacros,cimUnits,npuMacsPerCycle',
    );
  });

  it('a run record round-trips through JSON; a foreign, future or broken file is refused with the field named', () => {
    const { front, points } = run();
    const rec: RunRecord = {
      kind: RUN_RECORD_KIND,
      version: RUN_RECORD_VERSION,
      app: { name: 'h4h-explorer', version: '0.1.0' },
      createdAt: '2026-11-27T00:00:00.000Z',
      link: 'http://localhost:4173/#v=1&space=mini',
      seed: 4,
      accuracySource: 'proxy',
      front,
      points,
      hypervolumes: [0.5, 0.6, 0.7],
      measured: {},
      timings: { elapsedMs: 12, evaluations: points.length, generations: 3 },
    };
    const back = parseRunRecord(JSON.stringify(rec));
    expect(back).toEqual({ ok: true, value: JSON.parse(JSON.stringify(rec)) });
    const foreign = parseRunRecord('{"kind":"other"}');
    expect(foreign.ok ? [] : foreign.errors[0]).toMatch(/^run record kind: must be "h4h-explorer\/search-run"/);
    expect(parseRunRecord(JSON.stringify({ ...rec, version: RUN_RECORD_VERSION + 1 }))).toEqual({
      ok: false,
      errors: [`run record version: ${RUN_RECORD_VERSION + 1} is newer than this app reads (${RUN_RECORD_VERSION})`],
    });
    expect(parseRunRecord(JSON.stringify({ ...rec, seed: 'x' }))).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^run record seed: /)],
    });
    expect(parseRunRecord('{')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^run record: not valid JSON/)] });
  });
});
