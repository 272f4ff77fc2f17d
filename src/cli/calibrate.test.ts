import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './runInProcess.js';

const MODEL = 'src/import/fixtures/kws_micronet_m.tflite';
const TRUE: Readonly<Record<string, number>> = { conv: 1.3, pwconv: 0.9, dwconv: 1.1, pool: 2 };

interface Doc {
  layers: { name: string; kind: string; npu: { timeUs: number } }[];
  schemas: Record<string, { latencyMs: number }>;
  calibration?: { factors: { time: Record<string, number> }; rows: { measuredUs: number; modelUs: number; calibratedUs: number }[] };
}

describe('h4h estimate --calibrate', () => {
  it('fits the factors the measurements were made with, applies them to every layer, and says so', () => {
    const raw = JSON.parse(runCli('estimate', '--model', MODEL, '--json').stdout) as Doc;
    const dir = mkdtempSync(join(tmpdir(), 'h4h-cal-'));
    const file = join(dir, 'measured.csv');
    writeFileSync(file, ['layer,latency_us', ...raw.layers.map((l) => `${l.name},${l.npu.timeUs * (TRUE[l.kind] ?? 1)}`)].join('\n'));
    const cal = JSON.parse(runCli('estimate', '--model', MODEL, '--calibrate', file, '--json').stdout) as Doc;
    for (const [kind, f] of Object.entries(TRUE)) expect(cal.calibration?.factors.time[`${kind}.npu`], kind).toBeCloseTo(f, 5);
    raw.layers.forEach((l, i) => expect(cal.layers[i]?.npu.timeUs, l.name).toBeCloseTo(l.npu.timeUs * (TRUE[l.kind] ?? 1), 6));
    // NPU only is the sum of the layers' NPU times: the calibrated one is the measured total
    const measuredMs = raw.layers.reduce((s, l) => s + l.npu.timeUs * (TRUE[l.kind] ?? 1), 0) / 1000;
    expect(cal.schemas.npu?.latencyMs).toBeCloseTo(measuredMs, 6);
    const text = runCli('estimate', '--model', MODEL, '--calibrate', file).stdout;
    expect(text).toMatch(
      /^note: calibrated from measurements: conv\.npu ×1\.3, dwconv\.npu ×1\.1, pool\.npu ×2, pwconv\.npu ×0\.9 \(13 measured layers of /m,
    );
  });

  it('a bad table is a usage error naming the flag, the row and the column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'h4h-cal-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'layer,latency_us\n0.conv_2d,soon\n');
    const r = runCli('estimate', '--model', MODEL, '--calibrate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--calibrate row 2, latency_us: "soon" is not a non-negative number');
  });
});
