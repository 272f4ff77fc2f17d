import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { at, createRng, largestGenome, MINI, smallestGenome } from '../core/index.js';
import { decodeCheckpoint, sha256Hex } from '../train/checkpointFile.js';
import { parseManifest, parsePredictorFile, parseTrainingLog, type ShippedSupernet } from '../train/shipped.js';
import { fitShippedPredictor, HOLD_OUT, PREDICTOR_SEED, SPLITS, testShippedPredictor } from '../train/shippedPredictor.js';
import { runCliAsync } from './runInProcess.js';
import { SHIPPED_ROOT } from './supernet.js';

const dir = mkdtempSync(join(tmpdir(), 'h4h-supernet-'));
let shipped: ShippedSupernet;

beforeAll(() => {
  const manifest = parseManifest(JSON.parse(readFileSync(join(SHIPPED_ROOT, 'manifest.json'), 'utf8')));
  shipped = manifest.supernets.find((s) => s.space === 'mini') as ShippedSupernet;
  expect(shipped).toBeDefined();
});

const json = (r: { stdout: string }): Record<string, unknown> => JSON.parse(r.stdout) as Record<string, unknown>;

describe('h4h train --checkpoint / --resume', () => {
  const small = [
    'train',
    '--space',
    'mini',
    '--steps',
    '6',
    '--batch',
    '16',
    '--random',
    '1',
    '--eval-images',
    '50',
    '--calibration-images',
    '32',
    '--json',
  ];

  it('a run stopped and resumed gives the losses of the run left alone, bit for bit, and the same checkpoint', async () => {
    const whole = json(await runCliAsync(...small, '--checkpoint', join(dir, 'whole.ckpt')));
    const file = join(dir, 'part.ckpt');
    const first = await runCliAsync(...small, '--checkpoint', file, '--stop-after', '3');
    expect(first.code).toBe(0);
    expect(json(first).accuracy).toBeNull();
    expect(decodeCheckpoint(new Uint8Array(readFileSync(file))).step).toBe(3);
    const rest = json(await runCliAsync(...small, '--checkpoint', file, '--resume'));
    expect(rest.firstStep).toBe(3);
    const losses = (d: Record<string, unknown>): number[][] => (d.losses as { values: number[] }[]).map((l) => l.values);
    expect([...losses(json(first)), ...losses(rest)]).toEqual(losses(whole));
    expect(rest.accuracy).toEqual(whole.accuracy);
    const a = decodeCheckpoint(new Uint8Array(readFileSync(file)));
    const b = decodeCheckpoint(new Uint8Array(readFileSync(join(dir, 'whole.ckpt'))));
    expect(a.variables).toEqual(b.variables);
    expect(a.optimizer).toEqual(b.optimizer);
    expect(a.history).toEqual(b.history);
  }, 180_000);

  it('refuses to resume with other settings, naming them; without a file; from a damaged file', async () => {
    const file = join(dir, 'x.ckpt');
    await runCliAsync(...small, '--checkpoint', file, '--stop-after', '1');
    const other = await runCliAsync(...small, '--checkpoint', file, '--resume', '--lr', '0.01');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('learningRate 0.003 → 0.01');
    const none = await runCliAsync(...small, '--resume');
    expect(none.stderr).toContain("--resume: give the run's file with --checkpoint FILE");
    writeFileSync(join(dir, 'cut.ckpt'), readFileSync(file).subarray(0, 1000));
    const cut = await runCliAsync(...small, '--checkpoint', join(dir, 'cut.ckpt'), '--resume');
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/--checkpoint .*cut\.ckpt: .*(does not fit|bytes)/);
  }, 120_000);
});

describe('the shipped supernet', () => {
  it('was made by the command in its log, which the README gives; its first 20 steps reproduce the log’s losses exactly', async () => {
    const log = parseTrainingLog(JSON.parse(readFileSync(join(SHIPPED_ROOT, shipped.log.file), 'utf8')));
    expect(log.command).toBe(shipped.command);
    expect(readFileSync('README.md', 'utf8')).toContain(shipped.command);
    expect(shipped.command).toMatch(/^npm run -s h4h -- train /);
    // the same command without its checkpoint file (nothing is written), stopped after 20 steps
    const words = shipped.command.replace(/^npm run -s h4h -- /, '').split(/\s+/);
    const argv = words.filter(
      (w, i) => !['--checkpoint', '--checkpoint-every'].includes(w) && !['--checkpoint', '--checkpoint-every'].includes(words[i - 1] ?? ''),
    );
    const r = await runCliAsync(...argv, '--stop-after', '20', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = json(r);
    expect((doc.losses as { values: number[] }[]).map((l) => l.values)).toEqual(log.history.steps.slice(0, 20).map((s) => [...s.losses]));
  }, 240_000);

  it('h4h evaluate: the largest and smallest subnets score what the manifest says, on the whole validation split', async () => {
    for (const [kind, genome, claimed] of [
      ['smallest', smallestGenome(MINI), shipped.evaluation.smallest],
      ['largest', largestGenome(MINI), shipped.evaluation.largest],
    ] as const) {
      const r = await runCliAsync('evaluate', '--space', 'mini', '--kind', kind, '--json');
      expect(r.code, r.stderr).toBe(0);
      const doc = json(r) as {
        accuracy: number;
        images: number;
        arch: unknown;
        checkpoint: { sha256: string; steps: number };
        supernet: string;
      };
      expect(doc.arch).toEqual(genome);
      expect(doc.images).toBe(5000);
      expect(
        Number.isInteger(doc.accuracy * doc.images + 1e-9) ||
          Math.abs(Math.round(doc.accuracy * doc.images) - doc.accuracy * doc.images) < 1e-6,
      ).toBe(true);
      expect(doc.accuracy).toBe(claimed);
      expect(doc.checkpoint.sha256).toBe(shipped.weights.sha256);
      expect(doc.checkpoint.steps).toBe(shipped.steps);
      expect(doc.supernet).toBe(shipped.id);
    }
    // issue 13's quality targets, on the 5,000 validation images with BatchNorm recalibrated
    expect(shipped.evaluation.images).toBe(5000);
    expect(shipped.evaluation.largest).toBeGreaterThanOrEqual(0.9);
    expect(shipped.evaluation.smallest).toBeGreaterThanOrEqual(0.82);
    expect(shipped.steps).toBe(parseTrainingLog(JSON.parse(readFileSync(join(SHIPPED_ROOT, shipped.log.file), 'utf8'))).config.steps);
  }, 240_000);

  it('h4h predictor: the shipped predictor’s held-out Kendall τ, recomputed from its own samples, is what it reports', async () => {
    const r = await runCliAsync('predictor', '--space', 'mini', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = json(r) as {
      kendallTau: number;
      heldOut: number;
      samples: number;
      splits: { count: number; mean: number };
      macBaseline: { mean: number };
    };
    const file = parsePredictorFile(JSON.parse(readFileSync(join(SHIPPED_ROOT, shipped.predictor.file), 'utf8')));
    expect(file.weightsSha256).toBe(shipped.weights.sha256);
    expect(doc.samples).toBe(file.samples.length);
    const count = (kind: string): number => file.samples.filter((s) => (s.sampling ?? 'uniform') === kind).length;
    expect(doc.heldOut).toBe(Math.round(count('uniform') * HOLD_OUT) + Math.round(count('tilted') * HOLD_OUT));
    // the fit is deterministic: refitting on the file's samples gives the shipped predictor again, and
    // it scores the subnets measured apart as the file says (the ship script also runs the 20 splits)
    const again = fitShippedPredictor(MINI, file.samples, createRng(PREDICTOR_SEED), 1);
    expect({ ...again.predictor, kendallTau: file.predictor.kendallTau, heldOut: file.predictor.heldOut }).toEqual(file.predictor);
    const test = file.test;
    expect(test).toBeDefined();
    if (!test) return;
    const { samples: _samples, ...scored } = test;
    expect(testShippedPredictor(MINI, file.predictor, test.samples)).toEqual(scored);
    // none of them was fitted on
    const fitted = new Set(file.samples.map((x) => JSON.stringify(x.arch)));
    expect(test.samples.some((x) => fitted.has(JSON.stringify(x.arch)))).toBe(false);
    expect(doc.kendallTau).toBe(file.validation.kendallTau);
    expect(doc.splits.count).toBe(SPLITS);
    // issue 13's ranking target: τ ≥ 0.70 on at least 100 subnets it was not fitted on, well above MACs
    // alone — over all of them, and over those drawn across the sizes; those across the sizes also on
    // average over the random held-out splits (the README reports the uniform ones on their own too)
    expect(test.subnets).toBeGreaterThanOrEqual(100);
    expect(test.kendallTau).toBeGreaterThanOrEqual(0.7);
    expect(test.kendallTau).toBeGreaterThan(test.macs + 0.1);
    const tilted = test.bySampling.tilted;
    expect(tilted?.subnets).toBeGreaterThanOrEqual(100);
    expect(tilted?.kendallTau).toBeGreaterThanOrEqual(0.7);
    expect(tilted?.kendallTau).toBeGreaterThan((tilted?.macs ?? 1) + 0.1);
    expect(file.bySampling?.tilted?.predictor.mean).toBeGreaterThanOrEqual(0.7);
    expect(file.validation.mean).toBeGreaterThan(file.macBaseline.mean);
  }, 180_000);

  it('a shipped file that does not match its SHA-256 is refused, naming it', async () => {
    const copy = join(dir, 'shipped');
    mkdirSync(copy, { recursive: true });
    for (const f of [
      'manifest.json',
      shipped.weights.file,
      shipped.predictor.file,
      shipped.log.file,
      ...(shipped.calibration ? [shipped.calibration.file] : []),
    ])
      copyFileSync(join(SHIPPED_ROOT, f), join(copy, f));
    const bytes = readFileSync(join(copy, shipped.weights.file));
    bytes[bytes.length - 1] = at(bytes, bytes.length - 1) ^ 1;
    writeFileSync(join(copy, shipped.weights.file), bytes);
    const { runEvaluate } = await import('./supernet.js');
    await expect(
      runEvaluate(
        { space: MINI, genome: smallestGenome(MINI), checkpoint: undefined, images: 10, calibrationImages: 8, json: true },
        () => undefined,
        copy,
      ),
    ).rejects.toThrow(`supernet: ${shipped.weights.file} does not match its SHA-256 in the manifest`);
    expect(await sha256Hex(new Uint8Array(readFileSync(join(SHIPPED_ROOT, shipped.weights.file))))).toBe(shipped.weights.sha256);
  });

  it('evaluate: a subnet given neither way, or both, is a usage error', async () => {
    const r = await runCliAsync('evaluate', '--space', 'mini');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give the subnet with --arch');
    const n = await runCliAsync('evaluate', '--space', 'nasvit', '--kind', 'largest');
    expect(n.stderr).toContain('no supernet is shipped for space "nasvit"');
  });
});
