import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { getSpace } from './spaces.js';
import { getSystem } from './hardware.js';
import { sampleGenome, genomeKey } from './genome.js';
import { parseAccuracyTable, parseCsv, scoreTable } from './accuracyTable.js';
import { nonDominatedIndices } from './pareto.js';
import { estimateGenome } from './estimate.js';

const MINI = getSpace('mini');

function genomes(n: number, seed = 3) {
  const rng = createRng(seed);
  const out = new Map<string, ReturnType<typeof sampleGenome>>();
  while (out.size < n) {
    const g = sampleGenome(MINI, rng);
    out.set(genomeKey(MINI, g), g);
  }
  return [...out.values()];
}

describe('accuracy table', () => {
  it('CSV: quoted JSON genomes, percentages, CRLF', () => {
    expect(parseCsv('a,b\r\n"x,""y""",2\n\n')).toEqual([['a', 'b'], ['x,"y"', '2']]);
    const gs = genomes(3);
    const csv = ['genome,accuracy', ...gs.map((g, i) => `"${JSON.stringify(g).replace(/"/g, '""')}",${80 + i}`)].join('\r\n');
    const t = parseAccuracyTable(MINI, csv);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.value.unit).toBe('percent');
    expect(t.value.entries.map((e) => e.accuracy)).toEqual([0.8, 0.81, 0.82]);
    expect(t.value.entries.map((e) => e.genome)).toEqual(gs);
  });

  it('JSON: rows, or the pairs of `h4h train --predictor`; each bad row is named', () => {
    const gs = genomes(4);
    const rows = gs.map((g, i) => ({ arch: g, accuracy: 0.5 + i / 10 }));
    expect(parseAccuracyTable(MINI, JSON.stringify(rows))).toMatchObject({ ok: true, value: { unit: 'fraction' } });
    expect(parseAccuracyTable(MINI, JSON.stringify({ predictor: { pairs: rows } }))).toMatchObject({ ok: true });
    const bad = [rows[0], { arch: { ...gs[1], r: 99 }, accuracy: 0.5 }, { arch: gs[2], accuracy: 'high' }, rows[0]];
    const r = parseAccuracyTable(MINI, JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]).toMatch(/^table\[1\]: genome: r/);
    expect(r.errors[1]).toBe('table[2]: accuracy: must be a number 0–1, or 0–100 when given in % (got "high")');
    expect(r.errors[2]).toBe('table[3]: the same subnet as table[0]');
    expect(parseAccuracyTable(MINI, 'name,score\nx,1')).toEqual({ ok: false, errors: ['table: CSV needs a header with a "genome" (or "arch") column of genome JSON and an "accuracy" column'] });
    expect(parseAccuracyTable(MINI, '{')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^table: not valid JSON/)] });
  });

  it('scoreTable scores every subnet once: the front is the exact non-dominated set, latencies are the estimator\'s', () => {
    const gs = genomes(60, 9);
    const rng = createRng(4);
    const table = { space: 'mini', unit: 'fraction' as const, entries: gs.map((genome) => ({ genome, accuracy: 0.6 + 0.3 * rng.next() })) };
    const config = { space: MINI, system: getSystem('u55-mram'), objectives: ['accuracy', 'latencyMs'] as const, schema: 'hetero' as const };
    const { generation, points } = scoreTable({ ...config, objectives: [...config.objectives] }, table);
    expect(points).toHaveLength(60);
    const want = new Set(nonDominatedIndices(points.map((p) => p.values), ['max', 'min']).map((i) => points[i]!.key));
    expect(new Set(generation.front.map((p) => p.key))).toEqual(want);
    for (const p of generation.front) {
      expect(p.metrics.accuracy).toBe(table.entries.find((e) => genomeKey(MINI, e.genome) === p.key)?.accuracy);
      expect(p.metrics.latencyMs).toBe(estimateGenome(MINI, p.genome, getSystem('u55-mram')).schemas.hetero.latencyMs);
    }
    expect(generation.hypervolume).toBeGreaterThan(0);
    expect(() => scoreTable({ ...config, objectives: ['accuracy', 'latencyMs'], space: getSpace('nasvit') }, table)).toThrow('table: its subnets are of space "mini", the search is on "nasvit"');
  });
});
