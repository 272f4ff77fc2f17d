import { describe, expect, it } from 'vitest';
import {
  canonicalize,
  getSpace,
  getSystem,
  MINI,
  NASVIT,
  sampleGenome,
  createRng,
  spaceSize,
  validateGenome,
  type Genome,
  type PaperPoint,
} from '../index';
import { bestWithin, budgetWinners, hybridClaim, latencyBudgets, measuredHybrid } from './hybridClaim';
import { executionClaim, scalingClaim } from './executionClaim';
import { mbOnlySpace, PROXY_REFUSAL, runPaper } from './paperRun';
import { paperCsv } from './paperCsv';

/** A front point with only the fields the claim reads set meaningfully. */
const pt = (key: string, accuracy: number, latencyMs: number, transformers = 0): PaperPoint => ({
  arch: MINI_GENOME,
  key,
  accuracy,
  latencyMs,
  energyUj: 1,
  params: 1,
  macs: 1,
  transformers,
});
const MINI_GENOME: Genome = canonicalize(MINI, sampleGenome(MINI, createRng(1)));

describe('the MBConv-only space', () => {
  it('drops exactly the transformer choices: mini keeps every other choice and shrinks', () => {
    const mb = mbOnlySpace(MINI);
    expect(mb).not.toBeNull();
    if (!mb) return;
    expect(mb.stages.every((s) => !s.hybrid)).toBe(true);
    expect(mb.stages.map((s) => [s.c, s.d, s.k, s.e])).toEqual(MINI.stages.map((s) => [s.c, s.d, s.k, s.e]));
    expect(spaceSize(mb)).toBeLessThan(spaceSize(MINI));
    // its subnets are subnets of the preset, with no transformer
    const rng = createRng(5);
    for (let i = 0; i < 50; i++) {
      const g = sampleGenome(mb, rng);
      expect(g.stages.flatMap((s) => s.t)).not.toContain('vit');
      expect(validateGenome(MINI, { ...g, space: 'mini' }).ok).toBe(true);
    }
  });

  it('nasvit too; a space with no hybrid stage has none', () => {
    expect(mbOnlySpace(NASVIT)?.stages.every((s) => !s.hybrid)).toBe(true);
    expect(mbOnlySpace({ ...MINI, stages: MINI.stages.map((s) => ({ ...s, hybrid: false })) })).toBeNull();
  });
});

describe('claim 1 at latency budgets', () => {
  const hybrid = [pt('h1', 0.8, 1), pt('h2', 0.86, 2, 1), pt('h3', 0.9, 4, 2)];
  const mbOnly = [pt('m1', 0.82, 1.5), pt('m2', 0.85, 3)];

  it('budgets run from the slower fastest subnet to the slowest subnet, in quarters', () => {
    expect(latencyBudgets(hybrid, mbOnly)).toEqual([1.5, 2.125, 2.75, 3.375, 4]);
    expect(latencyBudgets([], mbOnly)).toEqual([]);
    expect(latencyBudgets([pt('a', 0.5, 2)], [pt('b', 0.6, 2)])).toEqual([2]);
  });

  it('the most accurate subnet within a budget, the faster of equals', () => {
    expect(bestWithin(hybrid, 0.5)).toBeNull();
    expect(bestWithin(hybrid, 3)?.key).toBe('h2');
    expect(bestWithin([pt('a', 0.7, 2), pt('b', 0.7, 1)], 5)?.key).toBe('b');
  });

  it('differences in points at each budget, the largest, and the verdict says both', () => {
    const c = hybridClaim({ hybrid, mbOnly }, { hybrid: 10, mbOnly: 9 }, 'fashion-mnist', 'predicted');
    if (!c.testable) throw new Error('testable');
    expect(c.budgets.map((b) => [b.hybrid?.key, b.mbOnly?.key])).toEqual([
      ['h1', 'm1'],
      ['h2', 'm1'],
      ['h2', 'm1'],
      ['h2', 'm2'],
      ['h3', 'm2'],
    ]);
    expect(c.budgets.map((b) => Number(b.differencePoints?.toFixed(6)))).toEqual([-2, 4, 4, 1, 5]);
    expect(c.largest).toEqual({ differencePoints: expect.closeTo(5, 9), latencyMs: 4 });
    expect(c.verdict).toContain('ahead at 4 of 5 latency budgets, by up to +5.00 points (at 4.000 ms) on fashion-mnist');
    expect(c.verdict).toContain('At 1 of 5 budgets the hybrid search');
    expect(budgetWinners(c.budgets).map((p) => p.key)).toEqual(['h1', 'm1', 'h2', 'm2', 'h3']);
  });

  it('measured accuracies replace the predicted ones of the same winners; a missing one leaves its budget open', () => {
    const c = hybridClaim({ hybrid, mbOnly }, { hybrid: 3, mbOnly: 2 }, 'd', 'predicted');
    if (!c.testable) throw new Error('testable');
    const measured = new Map([
      ['h1', 0.7],
      ['m1', 0.75],
      ['h2', 0.76],
    ]);
    const m = measuredHybrid(c.budgets, (k) => measured.get(k), 'd', 'measured');
    expect(m.budgets.map((b) => (b.differencePoints === null ? null : Number(b.differencePoints.toFixed(6))))).toEqual([
      -5,
      1,
      1,
      null,
      null,
    ]);
    expect(m.largest).toEqual({ differencePoints: expect.closeTo(1, 9), latencyMs: 2.125 });
    expect(m.verdict).toMatch(/^By measured accuracy the hybrid front is ahead at 2 of 5/);
  });

  it('a hybrid front never ahead says the claim does not reproduce', () => {
    const c = hybridClaim({ hybrid: [pt('h', 0.8, 1)], mbOnly: [pt('m', 0.81, 1)] }, { hybrid: 1, mbOnly: 1 }, 'd', 'predicted');
    if (!c.testable) throw new Error('testable');
    expect(c.verdict).toContain('not ahead at any of the 1 latency budgets (best difference −1.00 points');
    expect(c.verdict).toContain('does not reproduce');
  });
});

describe('claims 2 and 3', () => {
  const system = getSystem('u55-mram');
  const genomes = Array.from({ length: 4 }, (_, i) => canonicalize(MINI, sampleGenome(MINI, createRng(10 + i))));
  const front = genomes.map((g, i): PaperPoint => ({ ...pt(`g${i}`, 0.8, i + 1), arch: g }));

  it('savings are 1 − schema/npu of the estimate, and the largest is the maximum over rows and schemas', () => {
    const e = executionClaim(MINI, system, front);
    expect(e.rows).toHaveLength(4);
    for (const r of e.rows) {
      expect(r.hetero.latencySaving).toBeCloseTo(1 - r.hetero.latencyMs / r.npu.latencyMs, 12);
      expect(r.parallel.energySaving).toBeCloseTo(1 - r.parallel.energyUj / r.npu.energyUj, 12);
    }
    const all = e.rows.flatMap((r) => [r.hetero.latencySaving, r.parallel.latencySaving]);
    expect(e.largest.latency.saving).toBe(Math.max(...all));
    const best = e.rows[e.largest.latency.row];
    expect(best?.[e.largest.latency.schema].latencySaving).toBe(e.largest.latency.saving);
  });

  it("the sweep is of claim 2's subject: twelve (M, U) points, and the system's own point equals claim 2's row", () => {
    const e = executionClaim(MINI, system, front);
    const s = scalingClaim(MINI, system, e);
    expect(s.row).toBe(e.largest.latency.row);
    expect(s.points.map((p) => `${p.macros}/${p.units}`)).toEqual([
      '1/1',
      '2/1',
      '2/2',
      '4/1',
      '4/2',
      '4/4',
      '8/1',
      '8/2',
      '8/4',
      '16/1',
      '16/2',
      '16/4',
    ]);
    const own = s.points.find((p) => p.macros === system.params.cimMacros && p.units === system.params.cimUnits);
    const row = e.rows[s.row];
    expect(own?.parallel.latencyMs).toBe(row?.parallel.latencyMs);
    expect(own?.npu.latencyMs).toBe(row?.npu.latencyMs);
    const bestSaving = Math.max(...s.points.flatMap((p) => [p.hetero.latencySaving, p.parallel.latencySaving]));
    expect(s.best.saving).toBe(bestSaving);
  });
});

describe('the whole experiment on the proxy', () => {
  const input = {
    space: getSpace('mini'),
    system: getSystem('u55-mram'),
    accuracy: { source: 'proxy' } as const,
    search: { schema: 'hetero' as const, population: 12, generations: 4, seed: 3 },
  };

  it('refuses claim 1 with the reason, still runs claims 2 and 3 on the hybrid front, and is deterministic', () => {
    const phases: string[] = [];
    const r = runPaper(input, (p) => phases.push(`${p.phase}${p.generation}`));
    expect(r.hybrid).toEqual({ testable: false, reason: PROXY_REFUSAL });
    expect(phases).toEqual(['hybrid1', 'hybrid2', 'hybrid3', 'hybrid4']);
    expect(r.execution.rows.length).toBeGreaterThan(0);
    expect(r.conditions).toMatchObject({
      space: 'mini',
      dataset: 'fashion-mnist',
      hw: 'u55-mram',
      schema: 'hetero',
      accuracy: { source: 'proxy' },
    });
    expect(Object.values(r.conditions.hwProvenance).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(runPaper(input)).toEqual(r);
    const csv = paperCsv({ paper: { id: 'x', title: 't', url: 'u' }, ...r, measured: null });
    expect(csv.split('\n')[0]).toBe('claim,item,quantity,ours,paper,unit');
    expect(csv).toContain(`2,largest,latency_saving,${r.execution.largest.latency.saving},0.5608,fraction`);
    expect(csv).toContain('1,claim,not_testable,');
  });
});

describe('the noise of a measured difference', () => {
  it('names one standard error of the largest difference and whether it is beyond twice that', () => {
    const budgets = [{ latencyMs: 1, hybrid: pt('h', 0.9, 1), mbOnly: pt('m', 0.8, 1), differencePoints: 10 }];
    // 0.9/0.8 on 400 images: √((0.09 + 0.16) / 400) = 0.025 → ±2.50 points
    const wide = measuredHybrid(budgets, (k) => (k === 'h' ? 0.9 : 0.8), 'd', 'measured', 400);
    expect(wide.verdict).toContain('One standard error of that difference on 400 images is ±2.50 points: more than twice the noise.');
    const close = measuredHybrid(budgets, (k) => (k === 'h' ? 0.81 : 0.8), 'd', 'measured', 400);
    expect(close.verdict).toContain('within the noise of the measurement');
    expect(measuredHybrid(budgets, (k) => (k === 'h' ? 0.81 : 0.8), 'd', 'measured').verdict).not.toContain('standard error');
  });
});
