import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getSystem, layerCosts, type Layer } from '../core/index.js';
import { fitCalibration, parseMeasurements } from '../core/hardware/calibrationFit.js';
import { importTflite } from './tflite.js';

const hw = getSystem('u55-mram').params;
const layers: Layer[] = importTflite(new Uint8Array(readFileSync('src/import/fixtures/kws_micronet_m.tflite')), 'kws').layers;
const costs = layerCosts(layers, hw);
const TRUE: Readonly<Record<string, number>> = { conv: 1.37, dwconv: 0.82, pwconv: 1.12, pool: 2.5 };
const opOf = (l: Layer): string => l.name.replace(/^\d+\./, '').toUpperCase();

/** Vela's per-layer CSV for the file, as `npu_performance.print_performance` writes it (column for column), from the model's times × TRUE. */
function velaCsv(extraRows: string[] = []): string {
  const head =
    'TFLite_operator,NNG Operator,SRAM Usage,Peak%,Op Cycles,Network%,NPU,SRAM AC,DRAM AC,OnFlash AC,OffFlash AC,MAC Count,Network%,Util%,Name';
  const rows = layers.map((l, i) => {
    const cycles = (costs[i]?.npu.timeUs ?? 0) * (TRUE[l.kind] ?? 1) * hw.npuFreqMHz;
    return `${opOf(l)},${l.kind === 'pool' ? 'AvgPool' : 'Conv2DBias'},1024,50.0,${cycles},7.5,${cycles},10,0,0,0,${l.macs},7.0,40.0,tensor_${i}`;
  });
  return [head, ...rows.slice(0, 3), ...extraRows, ...rows.slice(3)].join('\n');
}

describe('calibration from a Vela per-layer CSV of an imported .tflite', () => {
  it('imports Vela’s per-layer CSV: rows matched in order by operator with MAC counts checked, cycles at the NPU clock; an extra row is named', () => {
    const m = parseMeasurements(velaCsv(['RESHAPE,MemoryCopy,0,0,120,0.1,120,0,0,0,0,0,0,0,reshape_out']));
    if (!m.ok) throw new Error(m.errors.join('; '));
    expect(m.value.format).toBe('vela');
    const fit = fitCalibration(layers, costs, hw, m.value);
    if (!fit.ok) throw new Error(fit.errors.join('; '));
    expect(fit.value.rows.map((r) => r.layer)).toEqual(layers.map((_, i) => i));
    for (const [kind, f] of Object.entries(TRUE)) expect(fit.value.calibration.time[`${kind}.npu`], kind).toBeCloseTo(f, 4);
    expect(fit.value.unmatched).toEqual(['row 5: RESHAPE "reshape_out" matches no later layer of that operator']);
  });
});
