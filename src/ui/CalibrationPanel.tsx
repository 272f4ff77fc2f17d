/**
 * Calibration from measurements: open a per-layer table (Vela's per-layer CSV, or
 * `layer,latency_us[,energy_uj,unit]`), see the factor fitted per layer kind and unit and each
 * layer's error before and after; every estimate of the page then applies the factors, labelled.
 */
import { useState } from 'react';
import { MAX_MEASUREMENT_BYTES, type Calibration } from '../core';
import type { FitRow } from '../core/hardware/calibrationFit';
import { calibrateFrom, clearCalibration } from '../state/calibration';
import { useApp } from '../state/store';
import { ErrorList } from './ErrorList';
import { FilePicker } from './search/FilePicker';

const pct = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const err = (model: number, measured: number): number => (measured > 0 ? model / measured - 1 : 0);

export function CalibrationPanel() {
  const calibration = useApp((s) => s.calibration);
  const fit = useApp((s) => s.calibrationFit);
  const [errors, setErrors] = useState<readonly string[]>([]);
  return (
    <section className="panel" aria-labelledby="calibration-title" data-testid="calibration-panel">
      <h2 id="calibration-title">Calibration</h2>
      <p className="hint calibration-hint">
        Correct the model with measurements of the layers on the page: Vela's <code>--verbose-performance</code> per-layer CSV of the opened
        .tflite, or a table <code>layer,latency_us</code> (or <code>cycles</code>), optionally <code>energy_uj</code> and <code>unit</code>{' '}
        (npu, cim). One factor per layer kind and unit is fitted (least squares) and applied to every estimate, the timeline, the sweep and
        the search.
      </p>
      <FilePicker
        label="Open measurements…"
        accept=".csv,text/csv"
        testId="calibration-file"
        maxBytes={MAX_MEASUREMENT_BYTES}
        what="a measurement table"
        onRefused={(name, message) => setErrors([`${name.slice(0, 60)}: ${message}`])}
        onFile={(name, text) => {
          void calibrateFrom(name, text).then((r) => setErrors(r.ok ? [] : r.errors.map((e) => `${name.slice(0, 60)}: ${e}`)));
        }}
      />
      {errors.length > 0 ? (
        <ErrorList title="Measurements not applied" id="calibration-errors" testId="calibration-errors" errors={errors} />
      ) : null}
      {calibration ? <Factors calibration={calibration} /> : null}
      {fit ? (
        <Residuals rows={fit.rows} unmatched={fit.unmatched} file={fit.file} />
      ) : calibration ? (
        <p className="hint">From the link: its factors, not the measurements they were fitted to.</p>
      ) : null}
      {calibration ? (
        <button type="button" data-testid="calibration-clear" onClick={clearCalibration}>
          Remove the calibration
        </button>
      ) : null}
    </section>
  );
}

function Factors({ calibration }: { readonly calibration: Calibration }) {
  const keys = [...new Set([...Object.keys(calibration.time), ...Object.keys(calibration.energy)])].sort();
  return (
    <table className="data calibration-factors" data-testid="calibration-factors">
      <caption>Calibrated: factors on the model's numbers</caption>
      <thead>
        <tr>
          <th scope="col">kind · unit</th>
          <th scope="col">time ×</th>
          <th scope="col">energy ×</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k} data-key={k}>
            <th scope="row">
              {k
                .replace('.', ' · ')
                .toUpperCase()
                .replace(/^(\S+)/, (x) => x.toLowerCase())}
            </th>
            <td data-value={calibration.time[k] ?? ''}>{calibration.time[k] ?? '—'}</td>
            <td>{calibration.energy[k] ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Residuals({
  rows,
  unmatched,
  file,
}: {
  readonly rows: readonly FitRow[];
  readonly unmatched: readonly string[];
  readonly file: string;
}) {
  return (
    <details className="calibration-residuals" data-testid="calibration-residuals">
      <summary>
        {rows.length} layers measured in {file.slice(0, 60)}
        {unmatched.length > 0 ? `; ${unmatched.length} rows matched no layer` : ''} — errors before and after
      </summary>
      <div className="table-scroll">
        <table className="data calibration-rows">
          <caption className="visually-hidden">
            Each measured layer: its measured time, and the error of the model before and after calibration
          </caption>
          <thead>
            <tr>
              <th scope="col">layer</th>
              <th scope="col">µs</th>
              <th scope="col">model</th>
              <th scope="col">calib.</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.layer}.${r.unit}`}>
                <th scope="row">
                  {r.name}
                  {r.unit === 'cim' ? <span className="hint"> cim</span> : null}
                </th>
                <td>{r.measuredUs.toPrecision(4)}</td>
                <td>{pct(err(r.modelUs, r.measuredUs))}</td>
                <td>{pct(err(r.calibratedUs, r.measuredUs))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unmatched.length > 0 ? (
        <ul className="model-notes">
          {unmatched.slice(0, 20).map((u) => (
            <li key={u}>{u}</li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
