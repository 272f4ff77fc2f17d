import { useState } from 'react';
import { HW_PARAMS, provenanceOf, type HwKey, type HwParam, type System } from '../core';
import { resetHw, setHwParam, useApp } from '../state/store';
import { ErrorList } from './ErrorList';
import { fmtNum } from './format';
import { Term } from './learn/Term';

/** The rows a lesson may point at (core LESSON_TARGETS). */
const LEARN_ROWS: Partial<Record<HwKey, string>> = { cimMacros: 'macros', cimUnits: 'compute-units' };

/**
 * The system's hardware parameters, each with unit, valid range and provenance (SPEC §4), and
 * editable: a value outside its range is refused with the range named and the input snaps back.
 * An edited value is marked and its provenance becomes `assumed` (yours); the link carries it.
 */
export function SystemParams({ system }: { system: System }) {
  const overrides = useApp((s) => s.hwOverrides);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [revision, setRevision] = useState(0);
  const edited = Object.keys(overrides).length;
  const commit = (key: HwKey, value: number): void => {
    const refused = setHwParam(key, value);
    setErrors(refused);
    if (refused.length > 0) setRevision((r) => r + 1);
  };
  const resetAll = (): void => {
    resetHw();
    setErrors([]);
  };
  return (
    <details className="panel system-params" open={edited > 0 || undefined} data-learn="hardware" data-control="hw-params">
      <summary>
        <h2>
          Hardware parameters
          {edited > 0 && (
            <span className="edited-count" data-testid="hw-edited">
              {' '}
              · {edited} edited
            </span>
          )}
        </h2>
      </summary>
      <HwTerms />
      <ErrorList title="Not applied" errors={errors} testId="hw-errors" />
      {edited > 0 && (
        <button type="button" data-testid="hw-reset" onClick={resetAll}>
          Back to the preset's values
        </button>
      )}
      <table className="data compact" data-testid="hw-params">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col">Provenance</th>
          </tr>
        </thead>
        <tbody>
          {HW_PARAMS.map((p) => {
            const { provenance, source } = provenanceOf(system, p.key);
            const isEdited = overrides[p.key] !== undefined;
            return (
              <tr key={p.key} className={isEdited ? 'edited' : undefined} data-learn={LEARN_ROWS[p.key]}>
                <th scope="row">
                  <label htmlFor={`hw-${p.key}`}>{p.label}</label>
                  {/* the range under the name, not in a column of its own: the table fits the sidebar */}
                  <span className="hw-range dim" data-field="range">
                    {fmtNum(p.min)}–{fmtNum(p.max)} {p.unit}
                  </span>
                </th>
                <td className="num">
                  <HwInput
                    key={`${p.key}:${system.params[p.key]}:${revision}`}
                    param={p}
                    value={system.params[p.key]}
                    onCommit={(v) => commit(p.key, v)}
                  />{' '}
                  <span className="unit-label">{p.unit}</span>
                </td>
                <td data-field="provenance">
                  <span className={`prov prov-${provenance}`} title={source}>
                    {isEdited ? 'yours' : provenance}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

function HwInput({ param, value, onCommit }: { param: HwParam; value: number; onCommit: (v: number) => void }) {
  const [text, setText] = useState(String(value));
  const commit = (): void => {
    if (text === String(value)) return;
    onCommit(text.trim() === '' ? NaN : Number(text));
  };
  return (
    <input
      id={`hw-${param.key}`}
      data-testid={`hw-${param.key}`}
      className="hw-input"
      type="number"
      min={param.min}
      max={param.max}
      step={param.integer ? 1 : 'any'}
      value={text}
      title={`${param.min}–${param.max} ${param.unit}`}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

/** What the parameters describe, each technical word linked to the glossary. */
function HwTerms() {
  return (
    <p className="hint hw-terms">
      One <Term id="npu">NPU</Term> that streams its weights from flash (<Term id="flash-weight-streaming">flash weight streaming</Term>),
      one <Term id="cim">CIM</Term> of <Term id="macro">macros</Term> grouped into <Term id="compute-unit">compute units</Term>, which keeps
      its weights in place (<Term id="weight-stationary">weight-stationary</Term>), and the <Term id="link">link</Term> between them.
      Provenance of each default: <Term id="measured-public">measured-public</Term>, <Term id="vendor-default">vendor-default</Term> or{' '}
      <Term id="assumed">assumed</Term>.
    </p>
  );
}
