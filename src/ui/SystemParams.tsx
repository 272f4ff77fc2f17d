import { HW_PARAMS, provenanceOf, type System } from '../core';
import { fmtNum } from './format';

/** The system's hardware parameters, each with unit, valid range and provenance (SPEC §4). */
export function SystemParams({ system }: { system: System }) {
  return (
    <details className="panel system-params">
      <summary>
        <h2>Hardware parameters</h2>
      </summary>
      <table className="data compact" data-testid="hw-params">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col" className="num">Value</th>
            <th scope="col">Range</th>
            <th scope="col">Provenance</th>
          </tr>
        </thead>
        <tbody>
          {HW_PARAMS.map((p) => {
            const { provenance, source } = provenanceOf(system, p.key);
            return (
              <tr key={p.key}>
                <th scope="row">{p.label}</th>
                <td className="num">
                  {fmtNum(system.params[p.key])} <span className="unit-label">{p.unit}</span>
                </td>
                <td className="dim">
                  {fmtNum(p.min)}–{fmtNum(p.max)}
                </td>
                <td>
                  <span className={`prov prov-${provenance}`} title={source}>
                    {provenance}
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
