import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { getSpace } from '../model/spaces.js';
import { getSystem } from '../hardware/hardware.js';
import { sampleGenome, genomeKey } from '../model/genome.js';
import { parseAccuracyTable, parseCsv, scoreTable } from './accuracyTable.js';
import { nonDominatedIndices } from '../search/pareto.js';
import { estimateGenome } from '../schedule/estimate.js';

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
    expect(parseCsv('a,b\r\n"x,""y""",2\n\n')).toEqual([
      ['a', 'b'],
      ['x,"y"', '2'],
    ]);
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
    expect(parseAccuracyTable(MINI, 'name,score\nx,1')).toEqual({
      ok: false,
      errors: [
        'table: CSV needs a header with a "genome" (or "arch") column of genome JSON, or an "arch_id" column, and an "accuracy" column',
      ],
    });
    expect(parseAccuracyTable(MINI, '{')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^table: not valid JSON/)] });
  });

  it("scoreTable scores every subnet once: the front is the exact non-dominated set, latencies are the estimator's", () => {
    const gs = genomes(60, 9);
    const rng = createRng(4);
    const table = { space: 'mini', unit: 'fraction' as const, entries: gs.map((genome) => ({ genome, accuracy: 0.6 + 0.3 * rng.next() })) };
    const config = {
      space: MINI,
      system: getSystem('u55-mram'),
      objectives: ['accuracy', 'latencyMs'] as const,
      schema: 'hetero' as const,
    };
    const { generation, points } = scoreTable({ ...config, objectives: [...config.objectives] }, table);
    expect(points).toHaveLength(60);
    const want = new Set(
      nonDominatedIndices(
        points.map((p) => p.values),
        ['max', 'min'],
      ).map((i) => points[i]!.key),
    );
    expect(new Set(generation.front.map((p) => p.key))).toEqual(want);
    for (const p of generation.front) {
      expect(p.metrics.accuracy).toBe(table.entries.find((e) => genomeKey(MINI, e.genome) === p.key)?.accuracy);
      expect(p.metrics.latencyMs).toBe(estimateGenome(MINI, p.genome, getSystem('u55-mram')).schemas.hetero.latencyMs);
    }
    expect(generation.hypervolume).toBeGreaterThan(0);
    expect(() => scoreTable({ ...config, objectives: ['accuracy', 'latencyMs'], space: getSpace('nasvit') }, table)).toThrow(
      'table: its subnets are of space "mini", the search is on "nasvit"',
    );
  });
});

describe('accuracy table: hardening (issue 14)', () => {
  const csvOf = (gs: readonly ReturnType<typeof sampleGenome>[], acc: (i: number) => string): string =>
    ['genome,accuracy', ...gs.map((g, i) => `"${JSON.stringify(g).replace(/"/g, '""')}",${acc(i)}`)].join('\n');

  it('refuses accuracies on two scales, naming rows of each (29 at 0.8 and one at 85 were read as 0.8 % and 85 %)', () => {
    const gs = genomes(30, 5);
    const r = parseAccuracyTable(
      MINI,
      csvOf(gs, (i) => (i === 29 ? '85' : '0.8')),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toContain('two scales');
    expect(r.errors[0]).toContain('table row 2, table row 3, table row 4 and 26 more ≤ 1');
    expect(r.errors[0]).toContain('table row 31 > 1');
    // zeros belong to either scale
    const z = parseAccuracyTable(
      MINI,
      csvOf(gs.slice(0, 3), (i) => ['0', '85', '90'][i] as string),
    );
    expect(z).toMatchObject({ ok: true, value: { unit: 'percent' } });
  });

  it('refuses what is not a plain decimal number, quoting what was given (never "null")', () => {
    const gs = genomes(6, 6);
    const given = ['0x1', '85%', '=1+1', '1e400', 'NaN', 'Infinity'];
    const r = parseAccuracyTable(
      MINI,
      csvOf(gs, (i) => given[i] as string),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join('\n');
    for (const g of given.slice(0, 5)) expect(text).toContain(`(got "${g}")`);
    expect(text).not.toContain('null');
    expect(text).toContain('… and 1 more');
    // JSON: a number, or text that is a plain decimal number
    const json = parseAccuracyTable(
      MINI,
      JSON.stringify([
        { arch: gs[0], accuracy: '0.8' },
        { arch: gs[1], accuracy: null },
        { arch: gs[2], accuracy: '0x1' },
      ]),
    );
    expect(json.ok ? [] : json.errors).toEqual([
      'table[1]: accuracy: must be a number 0–1, or 0–100 when given in % (got null)',
      'table[2]: accuracy: must be a number 0–1, or 0–100 when given in % (got "0x1")',
    ]);
  });

  it('reads a file with a byte-order mark; states its row and size limits', async () => {
    const gs = genomes(2, 7);
    expect(parseAccuracyTable(MINI, `\uFEFF${csvOf(gs, () => '0.7')}`)).toMatchObject({ ok: true, value: { unit: 'fraction' } });
    const { MAX_TABLE_ROWS } = await import('./accuracyTable.js');
    const tooMany = `genome,accuracy\n${'x,0.5\n'.repeat(MAX_TABLE_ROWS + 1)}`;
    expect(parseAccuracyTable(MINI, tooMany)).toEqual({ ok: false, errors: [`table: 200,001 rows; a table may have at most 200,000`] });
  });

  it('scores 150,000 rows without overflowing the call stack (Math.max(...values) did past ~120,000)', () => {
    const g = genomes(1, 8)[0] as ReturnType<typeof sampleGenome>;
    const entries = Array.from({ length: 150_000 }, (_, i) => ({ genome: g, accuracy: (i % 1000) / 1000 }));
    const config = {
      space: MINI,
      system: getSystem('u55-mram'),
      objectives: ['accuracy', 'latencyMs'] as const,
      schema: 'hetero' as const,
      population: 8,
      generations: 1,
      seed: 1,
    };
    const { generation } = scoreTable({ ...config, objectives: [...config.objectives] }, { space: 'mini', entries, unit: 'fraction' });
    expect(generation.evaluations).toBe(150_000);
    expect(generation.bestFeasible.accuracy).toBe(0.999);
  }, 60_000);

  it('a budget no row meets: the same report as the search (infeasible, the smallest value), not an empty front', () => {
    const gs = genomes(20, 9);
    const table = parseAccuracyTable(
      MINI,
      csvOf(gs, (i) => String(0.5 + i / 100)),
    );
    if (!table.ok) throw new Error(table.errors.join());
    const config = {
      space: MINI,
      system: getSystem('u55-mram'),
      objectives: ['accuracy'] as 'accuracy'[],
      schema: 'hetero' as const,
      population: 8,
      generations: 1,
      seed: 1,
      budgets: { latencyMs: 1e-6 },
    };
    const { generation } = scoreTable(config, table.value);
    const smallest = Math.min(...gs.map((g) => estimateGenome(MINI, g, getSystem('u55-mram')).schemas.hetero.latencyMs));
    expect(generation.stopReason).toBe('infeasible');
    expect(generation.infeasible).toMatchObject({ objective: 'latencyMs', budget: 1e-6 });
    expect(generation.infeasible?.smallestAchievable).toBeCloseTo(smallest, 12);
    expect(generation.infeasible?.message).toContain("of the table's 20 subnets");
    expect(generation.front).toHaveLength(1);
  });
});
