/**
 * The page's calibration (core/hardware/calibration.ts): a measured per-layer table — Vela's per-layer CSV of
 * the opened .tflite, or a device's `layer, latency_us` table of the subnet or model on the page — is
 * fitted against the page's uncalibrated estimate, and the factors apply from then on to every
 * estimate (through `currentSystem`), labelled "calibrated", and travel in the link (`cal=`).
 */
import { estimateSubject } from './selectors';
import { appStore, currentSystem } from './store';

export type CalibrateResult = { readonly ok: true } | { readonly ok: false; readonly errors: readonly string[] };

/** Fits the measurements in `text` to the page's subject; refused (nothing changes) with messages naming row and column. */
export async function calibrateFrom(file: string, text: string): Promise<CalibrateResult> {
  // loaded with the first table (core/index.ts leaves it out: the page's initial JavaScript stays small)
  const { fitCalibration, parseMeasurements } = await import('../core/hardware/calibrationFit');
  const m = parseMeasurements(text);
  if (!m.ok) return { ok: false, errors: m.errors };
  const state = appStore.getState();
  // fitted against the model as it is, not against an earlier calibration
  const system = currentSystem({ systemId: state.systemId, hwOverrides: state.hwOverrides });
  const raw = estimateSubject(state, system);
  const fit = fitCalibration(raw.layers, raw.costs, system.params, m.value);
  if (!fit.ok) return { ok: false, errors: fit.errors };
  appStore.setState({ calibration: fit.value.calibration, calibrationFit: { ...fit.value, file } });
  return { ok: true };
}

/** Back to the model's own numbers. */
export function clearCalibration(): void {
  appStore.setState({ calibration: null, calibrationFit: null });
}
