import { minOf, SCHEMA_IDS, type Estimate } from '../core';
import { SchemaMark } from '../plots/SchemaMark';
import { deltaClass, fmtDelta } from './delta';
import './details.css';
import { fmt4, fmtKiB, fmtSaving } from './format';
import { SchemaTerm } from './learn/SchemaTerm';

/** Latency and energy of the four execution schemas, with the saving against NPU-only (and the change against a pinned baseline). */
export function TotalsTable({ estimate, baseline = null }: { estimate: Estimate; baseline?: Estimate | null }) {
  const npu = estimate.schemas.npu;
  const best = minOf(SCHEMA_IDS.map((id) => estimate.schemas[id].latencyMs));
  return (
    <div
      className="scroll-x"
      tabIndex={0}
      role="region"
      aria-label="execution schemas (scrolls sideways on a narrow screen)"
      data-learn="totals"
    >
      <table className="data totals" data-testid="totals">
        <caption>
          Execution schemas{' '}
          <span className="caption-note">
            savings relative to NPU only{baseline && '; below each total, its change against the pinned baseline'}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Schema</th>
            <th scope="col" className="num">
              Latency (ms)
            </th>
            <th scope="col" className="num">
              Energy (µJ)
            </th>
            <th scope="col" className="num">
              Latency saving
            </th>
            <th scope="col" className="num">
              Energy saving
            </th>
            <th scope="col" className="num">
              CIM weights (KiB)
            </th>
          </tr>
        </thead>
        <tbody>
          {SCHEMA_IDS.map((id) => {
            const s = estimate.schemas[id];
            return (
              <tr key={id} data-schema={id} className={s.latencyMs === best ? 'best' : undefined}>
                <th scope="row">
                  <SchemaMark schema={id} />
                  <SchemaTerm schema={id} /> <code>{id}</code>
                </th>
                <td className="num" data-field="latencyMs" data-value={String(s.latencyMs)}>
                  {fmt4(s.latencyMs)}
                  {baseline && <Delta field="latencyDelta" current={s.latencyMs} base={baseline.schemas[id].latencyMs} unit="ms" />}
                </td>
                <td className="num" data-field="energyUj" data-value={String(s.energyUj)}>
                  {fmt4(s.energyUj)}
                  {baseline && <Delta field="energyDelta" current={s.energyUj} base={baseline.schemas[id].energyUj} unit="µJ" />}
                </td>
                <td className="num" data-field="latencySaving">
                  {id === 'npu' ? '—' : fmtSaving(s.latencyMs, npu.latencyMs)}
                </td>
                <td className="num" data-field="energySaving">
                  {id === 'npu' ? '—' : fmtSaving(s.energyUj, npu.energyUj)}
                </td>
                <td className="num" data-field="cimWeightKiB" data-value={String(s.cimWeightBytes / 1024)}>
                  {fmtKiB(s.cimWeightBytes)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Under a total while a baseline is pinned: its change against the baseline, sign written out. */
function Delta({ field, current, base, unit }: { field: string; current: number; base: number; unit: string }) {
  return (
    <span className={`delta ${deltaClass(current, base)}`} data-field={field} data-value={String(current - base)}>
      <span className="visually-hidden">against the baseline: </span>
      {fmtDelta(current, base, unit)}
    </span>
  );
}
