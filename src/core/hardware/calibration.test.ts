import { describe, expect, it } from 'vitest';
import { calibrated, calibrationFromLink, calibrationToLink, type Calibration } from './calibration.js';
import { fitCalibration, parseMeasurements } from './calibrationFit.js';
import { layerCosts } from './cost.js';
import { estimateLayers } from '../schedule/estimate.js';
import { getSystem } from './hardware.js';
import { expandModel, mobileNetV2 } from '../model/model.js';
import type { Layer } from '../types.js';

const hw = getSystem('u55-mram').params;
const layers: Layer[] = expandModel(mobileNetV2());
const costs = layerCosts(layers, hw);
/** the "true" factors the synthetic measurements are made with */
const TRUE: Readonly<Record<string, number>> = { conv: 1.37, dwconv: 0.82, pwconv: 1.12, eltwise: 2.5, linear: 0.7 };

describe('calibration from per-layer measurements', () => {
  it('recovers known factors from synthetic measurements (generic CSV, µs and energy) within 1 %', () => {
    const csv = [
      'layer,latency_us,energy_uj',
      ...layers.map((l, i) => `${l.name},${(costs[i]?.npu.timeUs ?? 0) * (TRUE[l.kind] ?? 1)},${(costs[i]?.npu.energyUj ?? 0) * 0.9}`),
    ].join('\n');
    const m = parseMeasurements(csv);
    if (!m.ok) throw new Error(m.errors.join('; '));
    const fit = fitCalibration(layers, costs, hw, m.value);
    if (!fit.ok) throw new Error(fit.errors.join('; '));
    for (const [kind, f] of Object.entries(TRUE)) {
      expect(fit.value.calibration.time[`${kind}.npu`], kind).toBeCloseTo(f, 4);
      expect(Math.abs((fit.value.calibration.time[`${kind}.npu`] ?? 0) / f - 1)).toBeLessThan(0.01);
      expect(fit.value.calibration.energy[`${kind}.npu`], kind).toBeCloseTo(0.9, 4);
    }
    // each row's residual: before, the model's error; after, none (the measurements are exact multiples)
    for (const r of fit.value.rows) expect(Math.abs(r.calibratedUs / r.measuredUs - 1)).toBeLessThan(1e-5);
    expect(fit.value.rows.some((r) => Math.abs(r.modelUs / r.measuredUs - 1) > 0.1)).toBe(true);
    expect(fit.value.unmatched).toEqual([]);
  });

  it('the calibrated estimate scales each layer’s time on its unit by its kind’s factor, and the link carries the factors exactly', () => {
    const cal: Calibration = { time: { 'conv.npu': 1.37, 'pwconv.npu': 1.12 }, energy: { 'conv.npu': 0.9 } };
    const raw = estimateLayers(layers, hw);
    const est = estimateLayers(layers, calibrated(hw, cal));
    layers.forEach((l, i) => {
      const f = l.kind === 'conv' ? 1.37 : l.kind === 'pwconv' ? 1.12 : 1;
      expect(est.costs[i]?.npu.timeUs, l.name).toBeCloseTo((raw.costs[i]?.npu.timeUs ?? 0) * f, 9);
      expect(est.costs[i]?.npu.energyUj, l.name).toBeCloseTo((raw.costs[i]?.npu.energyUj ?? 0) * (l.kind === 'conv' ? 0.9 : 1), 9);
      expect(est.costs[i]?.cim?.timeUs).toBe(raw.costs[i]?.cim?.timeUs);
    });
    expect(est.schemas.npu.latencyMs).toBeGreaterThan(raw.schemas.npu.latencyMs);
    const text = calibrationToLink(cal);
    expect(text).toBe('t.conv.npu:1.37,t.pwconv.npu:1.12,e.conv.npu:0.9');
    expect(calibrationFromLink(text, ['conv', 'pwconv'])).toEqual({ value: cal, errors: [] });
    expect(calibrationFromLink('t.conv.npu:1000', ['conv']).errors).toEqual(['cal: conv.npu factor 1000 is outside 0.01–100']);
    expect(calibrationFromLink('t.conv.gpu:1', ['conv']).errors[0]).toMatch(/^cal: "t\.conv\.gpu:1" is not a factor/);
    // no factor: the hardware as it is
    expect(calibrated(hw, { time: {}, energy: {} })).toBe(hw);
  });

  it('bad tables are refused with the row and column named', () => {
    expect(parseMeasurements('layer,latency_us\n0.conv_2d,fast')).toEqual({
      ok: false,
      errors: ['row 2, latency_us: "fast" is not a non-negative number'],
    });
    expect(parseMeasurements('a,b\n1,2')).toMatchObject({ ok: false, errors: [expect.stringMatching(/neither a Vela per-layer CSV/)] });
    expect(parseMeasurements('layer,latency_us,unit\n0,5,gpu')).toEqual({ ok: false, errors: ['row 2, unit: "gpu" (allowed: npu, cim)'] });
    const m = parseMeasurements('layer,latency_us\nnope,5');
    if (!m.ok) throw new Error();
    expect(fitCalibration(layers, costs, hw, m.value)).toEqual({
      ok: false,
      errors: [`measurements: no row matches a layer of this ${layers.length}-layer list (row 2: no layer "nope")`],
    });
    const absurd = parseMeasurements(`layer,latency_us\n0,${(costs[0]?.npu.timeUs ?? 0) * 1000}`);
    if (!absurd.ok) throw new Error();
    const r = fitCalibration(layers, costs, hw, absurd.value);
    expect(!r.ok && r.errors[0]).toMatch(/fitted factor of conv\.npu is 1000, outside 0\.01–100/);
  });
});
