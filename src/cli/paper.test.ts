/**
 * `h4h paper` (issue 17): the document is core's `paperRun` with the shipped predictor, plus claim
 * 1's winners measured with the shipped supernet; the proxy refuses claim 1; a table drives it from
 * measured accuracies; bad flags are named. Small searches keep it quick (no number here depends on speed).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetWinners, getSpace, getSystem, PROXY_REFUSAL, runPaper, type PaperDocument } from '../core/index.js';
import { parsePredictorFile } from '../train/shipped.js';
import { runCliAsync } from './runInProcess.js';

const SMALL = ['--population', '12', '--generations', '4', '--seed', '2'];
const file = parsePredictorFile(JSON.parse(readFileSync('public/supernet/mini-fashion-mnist.predictor.json', 'utf8')), 'predictor');

describe('h4h paper', () => {
  it('mini: the document is paperRun on the shipped predictor, and the winners are measured with the supernet', async () => {
    const r = await runCliAsync('paper', '--space', 'mini', ...SMALL, '--images', '200', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as PaperDocument;
    const direct = runPaper({
      space: getSpace('mini'),
      system: getSystem('u55-mram'),
      accuracy: { source: 'predictor', predictor: file.predictor, from: '' },
      search: { schema: 'hetero', population: 12, generations: 4, seed: 2 },
    });
    const { measured, paper, conditions, ...rest } = doc;
    const { conditions: c2, ...directRest } = JSON.parse(JSON.stringify(direct)) as typeof direct;
    expect(rest).toEqual(directRest);
    expect({ ...conditions, accuracy: null }).toEqual({ ...c2, accuracy: null });
    expect(conditions.accuracy.from).toMatch(/^predictor fitted on 593 subnets measured with the shipped supernet mini-fashion-mnist/);
    expect(paper.id).toBe('arXiv 2410.08326');
    if (!doc.hybrid.testable || !measured) throw new Error('claim 1 should be testable and measured on mini');
    expect(measured).toMatchObject({ supernet: 'mini-fashion-mnist.796288a1', images: 200, calibrationImages: 1024 });
    expect(measured.subnets.map((s) => s.key)).toEqual(budgetWinners(doc.hybrid.budgets).map((w) => w.key));
    for (const s of measured.subnets) {
      expect(s.source).toBe('measured');
      // 200 images: a whole number of right answers
      expect(Math.abs(s.accuracy * 200 - Math.round(s.accuracy * 200))).toBeLessThan(1e-9);
    }
    measured.claim.budgets.forEach((b, i) => {
      const w = doc.hybrid.testable ? doc.hybrid.budgets[i] : undefined;
      const acc = (k: string | undefined) => measured.subnets.find((s) => s.key === k)?.accuracy ?? null;
      expect(b.hybrid).toBe(acc(w?.hybrid?.key));
      expect(b.mbOnly).toBe(acc(w?.mbOnly?.key));
    });
    // every MBConv-only subnet has no transformer block; every front is sorted by latency
    expect(doc.hybrid.fronts.mbOnly.every((p) => p.transformers === 0)).toBe(true);
    for (const f of [doc.hybrid.fronts.hybrid, doc.hybrid.fronts.mbOnly])
      expect(f.map((p) => p.latencyMs)).toEqual([...f.map((p) => p.latencyMs)].sort((a, b) => a - b));
  });

  it('the text names each claim, the paper beside ours, and the conditions', async () => {
    const r = await runCliAsync('paper', '--space', 'mini', ...SMALL, '--no-measure');
    expect(r.code).toBe(0);
    for (const s of [
      'Claim 1: hybrid search',
      'Claim 2: heterogeneous execution',
      'Claim 3: more macros and compute units',
      'the paper: ',
      '56.08 %',
      'conditions: space mini',
    ])
      expect(r.stdout).toContain(s);
    expect(r.stdout).not.toContain('measured:');
  });

  it('the proxy refuses claim 1 with the reason (nasvit has no shipped supernet), and claims 2 and 3 still run', async () => {
    const r = await runCliAsync('paper', '--space', 'nasvit', '--population', '8', '--generations', '2', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as PaperDocument;
    expect(doc.hybrid).toEqual({ testable: false, reason: PROXY_REFUSAL });
    expect(doc.measured).toBeNull();
    expect(doc.execution.rows.length).toBeGreaterThan(0);
    expect(doc.scaling.points).toHaveLength(12);
    const text = await runCliAsync('paper', '--space', 'mini', '--accuracy', 'proxy', ...SMALL);
    expect(text.stdout).toContain('here: not testable. Claim 1 needs accuracies that know block types');
  });

  it('a table of measured accuracies drives claim 1: each front holds only table subnets, the MBConv-only one none with transformers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'h4h-paper-'));
    const table = join(dir, 'table.json');
    writeFileSync(table, JSON.stringify(file.samples.map((s) => ({ genome: s.arch, accuracy: s.accuracy }))));
    const r = await runCliAsync('paper', '--space', 'mini', '--table', table, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as PaperDocument;
    if (!doc.hybrid.testable) throw new Error('testable');
    expect(doc.hybrid.evaluated.hybrid).toBe(file.samples.length);
    expect(doc.hybrid.evaluated.mbOnly).toBe(file.samples.filter((s) => s.arch.stages.every((st) => st.t.every((t) => t === 'mb'))).length);
    const accuracies = new Set(file.samples.map((s) => s.accuracy));
    for (const p of [...doc.hybrid.fronts.hybrid, ...doc.hybrid.fronts.mbOnly]) expect(accuracies.has(p.accuracy)).toBe(true);
    expect(doc.measured).toBeNull();
    expect(doc.conditions.accuracy).toEqual({ source: 'table', from: `the table ${table}` });
  });

  it('bad flags are named, exit status 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--space', 'nasvit', '--accuracy', 'predictor'], /--accuracy: no supernet is shipped for space "nasvit"/],
      [['--space', 'mini', '--accuracy', 'proxy', '--table', 'x.csv'], /--table: applies to --accuracy table/],
      [['--space', 'mini', '--images', '5'], /--images: "5" is not a whole number in 100–10000/],
      [['--space', 'mini', '--population', '2'], /--population/],
      [['--space', 'mini', '--schema', 'gpu'], /--schema/],
      [['--space', 'tiny'], /--space: unknown space "tiny"/],
    ];
    for (const [args, message] of cases) {
      const r = await runCliAsync('paper', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
