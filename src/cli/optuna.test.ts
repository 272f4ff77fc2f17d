/**
 * `h4h export --kind optuna` (issue 18), run for real where the machine has Optuna (Debian's
 * python3-optuna; `.ci/run` installs it): two processes share one study through SQLite storage, as
 * many machines would through a database, each trial's latency and energy from `h4h estimate` and a
 * stand-in accuracy; the study's Pareto front comes back as a table the page's import reads, each
 * subnet's id the canonical `g=` of its genome and each latency the estimator's to the last bit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  canonicalize,
  estimateGenome,
  genomeToLink,
  getSpace,
  getSystem,
  parseAccuracyTable,
  parseCsv,
  type Genome,
} from '../core/index.js';
import { runCli } from './runInProcess.js';

const PYTHON = process.env.H4H_PYTHON ?? '/usr/bin/python3';
const hasOptuna = spawnSync(PYTHON, ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0;
if (!hasOptuna && process.env.CI) throw new Error(`${PYTHON} cannot import optuna: .ci/run installs python3-optuna`);

const dir = mkdtempSync(join(tmpdir(), 'h4h-optuna-'));

/** Runs the script in `folder` to its end; resolves with its exit status and output. */
function runIn(folder: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(PYTHON, [join(folder, 'optuna_search.py'), ...args], { cwd: folder });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const run = (args: string[]) => runIn(dir, args);

describe('h4h export --kind optuna', () => {
  it('writes the study (genes, hardware, objectives, budgets, NSGA-II settings) and its runner; bad flags are named', () => {
    const r = runCli(
      'export',
      '--kind',
      'optuna',
      '--space',
      'mini',
      '--objectives',
      'accuracy,latency',
      '--population',
      '4',
      '--max-latency',
      '0.2',
      '--out',
      dir,
      '--json',
    );
    expect(r.code).toBe(0);
    const study = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as Record<string, unknown>;
    expect(study).toMatchObject({
      format: 'h4h-optuna-study/1',
      schema: 'hetero',
      objectives: [
        { id: 'accuracy', direction: 'max' },
        { id: 'latencyMs', direction: 'min' },
      ],
      budgets: { latencyMs: 0.2 },
      nsga: { population: 4, seed: 1, mutationProb: 0.1, crossoverProb: 0.5 },
    });
    expect(JSON.parse(readFileSync(join(dir, 'hw.json'), 'utf8'))).toEqual({ base: 'u55-mram', ...getSystem('u55-mram').params });
    const bad = runCli('export', '--kind', 'optuna', '--space', 'mini', '--objectives', 'speed', '--out', join(dir, 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--objectives: unknown "speed"/);
  });

  it.skipIf(!hasOptuna)('two processes share one study; its front parses back into the page with the estimator’s numbers', async () => {
    const storage = `sqlite:///${join(dir, 'h4h.db')}`;
    const common = ['--storage', storage, '--stand-in', '--h4h-dir', process.cwd()];
    const [a, b] = await Promise.all([run([...common, '--trials', '3', '--seed', '1']), run([...common, '--trials', '3', '--seed', '2'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const front = await run(['--storage', storage, '--trials', '0', '--front', join(dir, 'front.csv')]);
    expect(front.code, front.stderr).toBe(0);
    expect(JSON.parse(front.stdout)).toMatchObject({ trials: 6 });
    const text = readFileSync(join(dir, 'front.csv'), 'utf8');
    const space = getSpace('mini');
    const table = parseAccuracyTable(space, text);
    if (!table.ok) throw new Error(table.errors.join('\n'));
    const rows = parseCsv(text).slice(1);
    expect(table.value.entries.length).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(0);
    table.value.entries.forEach((e, i) => {
      const row = rows[i] ?? [];
      expect(row[0]).toBe(genomeToLink(canonicalize(space, e.genome)));
      const est = estimateGenome(space, e.genome, getSystem('u55-mram'));
      expect(Number(row[2])).toBe(est.schemas.hetero.latencyMs);
      expect(Number(row[3])).toBe(est.schemas.hetero.energyUj);
      // the budget holds on the front
      expect(Number(row[2])).toBeLessThanOrEqual(0.2);
      expect(row[6]).toBe('stand-in');
    });
  });

  it.skipIf(!hasOptuna)('subnets already measured (--table) start the study as finished trials, marked measured', async () => {
    const out = join(dir, 'scored');
    const file = JSON.parse(readFileSync('public/supernet/mini-fashion-mnist.predictor.json', 'utf8')) as {
      samples: { arch: Genome; accuracy: number }[];
    };
    const rows = file.samples.slice(0, 3);
    const table = join(dir, 'scored.json');
    writeFileSync(table, JSON.stringify(rows.map((r) => ({ genome: r.arch, accuracy: r.accuracy }))));
    const r = runCli(
      'export',
      '--kind',
      'optuna',
      '--space',
      'mini',
      '--objectives',
      'accuracy,latency',
      '--population',
      '4',
      '--table',
      table,
      '--out',
      out,
      '--json',
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ scored: 3 });
    const space = getSpace('mini');
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as {
      scored: { arch_id: string; metrics: { latencyMs: number } }[];
    };
    expect(study.scored.map((s) => s.arch_id)).toEqual(rows.map((x) => genomeToLink(canonicalize(space, x.arch))));
    const p = await runIn(out, [
      '--storage',
      `sqlite:///${join(out, 's.db')}`,
      '--trials',
      '1',
      '--stand-in',
      '--h4h-dir',
      process.cwd(),
      '--front',
      join(out, 'front.csv'),
    ]);
    expect(p.code, p.stderr).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ trials: 4 });
    const front = parseCsv(readFileSync(join(out, 'front.csv'), 'utf8')).slice(1);
    // the stand-in (at most 1 − 0.9·e^(−MACs/2M)) is below these measured ≥ 85 %: the front is the three measured subnets
    expect(front.map((f) => [f[0], f[6]])).toEqual(
      [...study.scored].sort((a, b) => a.metrics.latencyMs - b.metrics.latencyMs).map((s) => [s.arch_id, 'measured']),
    );
  });
});
