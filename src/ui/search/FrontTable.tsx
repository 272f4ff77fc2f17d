/**
 * The front as a table (inside the brush, when there is one), and below it the previous
 * configuration's front, its rows marked "previous" (text, not only colour) and not selectable:
 * their numbers belong to other hardware or another space.
 */
import { useState } from 'react';
import { measuredAccuracy, type SearchPoint } from '../../core';
import { OBJECTIVE_AXES } from '../../plots/pareto';
import { accuracyLabel, describeContext, selectPoint, useSearch, type SearchAccuracyChoice, type SearchGhost } from '../../state/search';
import { genomeSummary } from '../format';
import { Exports } from './Exports';

const subnetText = (r: SearchPoint): string =>
  `${genomeSummary(r.genome)}${r.hw ? ` · M=${r.hw.cimMacros} U=${r.hw.cimUnits} P=${r.hw.npuMacsPerCycle}` : ''}`;

export function FrontTable(p: {
  rows: readonly SearchPoint[];
  total: number;
  brushed: boolean;
  measured: Readonly<Record<string, number>>;
  choice: SearchAccuracyChoice;
  selectedKey: string | null;
  ghost: SearchGhost | null;
}) {
  // while the search runs the front changes every report: a short table then, all of it at the end
  const running = useSearch((s) => s.status === 'running' || s.status === 'pausing');
  const [all, setAll] = useState(false);
  const shown = p.rows.slice(0, running ? 30 : all ? p.rows.length : 50);
  const ghostRows = p.ghost ? p.ghost.front.slice(0, 50) : [];
  const hasMeasured = Object.keys(p.measured).length > 0;
  const cols = hasMeasured ? 6 : 5;
  return (
    // a scrolling region: focusable, so the keyboard can scroll it too
    <div className="front-table" role="region" aria-label="the front as a table" tabIndex={0} data-learn="front-table">
      <Exports choice={p.choice} />
      <p>
        {p.total === 0 && p.ghost ? (
          <>
            No front for this configuration yet (<b data-testid="front-count">0</b> subnets); the previous configuration's{' '}
            <span data-testid="ghost-count">{p.ghost.front.length}</span> are listed, marked “previous”.
          </>
        ) : (
          <>
            Front: <b data-testid="front-count">{p.total}</b> subnets
            {p.brushed && (
              <>
                {' '}
                · <span data-testid="brushed-count">{p.rows.length}</span> in the brushed box
              </>
            )}
          </>
        )}
        {shown.length < p.rows.length && (
          <>
            {' '}
            (first {shown.length} shown
            {!running && (
              <>
                {' '}
                ·{' '}
                <button type="button" className="link" onClick={() => setAll(true)}>
                  show all {p.rows.length}
                </button>
              </>
            )}
            )
          </>
        )}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">subnet</th>
            <th scope="col">
              {OBJECTIVE_AXES.accuracy.title} · {accuracyLabel(p.choice, false)}
            </th>
            {hasMeasured && <th scope="col">supernet (%)</th>}
            <th scope="col">{OBJECTIVE_AXES.latencyMs.title}</th>
            <th scope="col">{OBJECTIVE_AXES.energyUj.title}</th>
            <th scope="col">{OBJECTIVE_AXES.params.title}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.key} className={r.key === p.selectedKey ? 'selected' : undefined}>
              <td>
                <button
                  type="button"
                  className="link"
                  data-testid="front-row"
                  onClick={() => selectPoint(r.key)}
                  title="show this subnet's estimate"
                >
                  {subnetText(r)}
                </button>
              </td>
              <td>{(100 * r.metrics.accuracy).toFixed(1)}</td>
              {hasMeasured && (
                <td>
                  {measuredAccuracy(p.measured, r.key) === undefined
                    ? '…'
                    : (100 * (measuredAccuracy(p.measured, r.key) as number)).toFixed(1)}
                </td>
              )}
              <td>{OBJECTIVE_AXES.latencyMs.format(r.metrics.latencyMs)}</td>
              <td>{OBJECTIVE_AXES.energyUj.format(r.metrics.energyUj)}</td>
              <td>{OBJECTIVE_AXES.params.format(r.metrics.params / 1e6)}</td>
            </tr>
          ))}
        </tbody>
        {p.ghost && ghostRows.length > 0 && (
          <tbody className="ghost-rows" data-testid="ghost-rows">
            <tr className="ghost-head">
              <th scope="rowgroup" colSpan={cols}>
                Previous configuration ({describeContext(p.ghost.context)}): {p.ghost.front.length} subnets
                {ghostRows.length < p.ghost.front.length ? `, first ${ghostRows.length} shown` : ''} — not this configuration's numbers
              </th>
            </tr>
            {ghostRows.map((r) => (
              <tr key={r.key} className="ghost-row" data-testid="ghost-row">
                <td>
                  <span className="ghost-tag">previous</span> {subnetText(r)}
                </td>
                <td>{(100 * r.metrics.accuracy).toFixed(1)}</td>
                {hasMeasured && <td>—</td>}
                <td>{OBJECTIVE_AXES.latencyMs.format(r.metrics.latencyMs)}</td>
                <td>{OBJECTIVE_AXES.energyUj.format(r.metrics.energyUj)}</td>
                <td>{OBJECTIVE_AXES.params.format(r.metrics.params / 1e6)}</td>
              </tr>
            ))}
          </tbody>
        )}
      </table>
    </div>
  );
}
