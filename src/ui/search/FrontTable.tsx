/**
 * The front as a table (inside the brush, when there is one), and below it the previous
 * configuration's front, its rows marked "previous" (text, not only colour) and not selectable:
 * their numbers belong to other hardware or another space.
 */
import { useState } from 'react';
import { OBJECTIVES, formatObjective, measuredAccuracy, type SearchPoint } from '../../core';
import { accuracyLabel, describeContext, selectPoint, useSearch, type SearchAccuracyChoice, type SearchGhost } from '../../state/search';
import { genomeSummary } from '../format';
import { Exports } from './Exports';

/** The measured columns after accuracy, in core's order and format. */
const COLUMNS = ['latencyMs', 'energyUj', 'params'] as const;

/** A row's measured cells. */
const metricCells = (r: SearchPoint) => COLUMNS.map((c) => <td key={c}>{formatObjective(c, r.metrics[c])}</td>);

const subnetText = (r: SearchPoint): string =>
  `${genomeSummary(r.genome)}${r.hw ? ` · M=${r.hw.cimMacros} U=${r.hw.cimUnits} P=${r.hw.npuMacsPerCycle}` : ''}`;

interface FrontTableProps {
  rows: readonly SearchPoint[];
  total: number;
  brushed: boolean;
  measured: Readonly<Record<string, number>>;
  choice: SearchAccuracyChoice;
  selectedKey: string | null;
  ghost: SearchGhost | null;
}

export function FrontTable(p: FrontTableProps) {
  // while the search runs the front changes every report: a short table then, all of it at the end
  const running = useSearch((s) => s.status === 'running' || s.status === 'pausing');
  const [all, setAll] = useState(false);
  const shown = p.rows.slice(0, running ? 30 : all ? p.rows.length : 50);
  const hasMeasured = Object.keys(p.measured).length > 0;
  return (
    // a scrolling region: focusable, so the keyboard can scroll it too
    <div className="front-table" role="region" aria-label="the front as a table" tabIndex={0} data-learn="front-table">
      <Exports choice={p.choice} />
      <FrontCaption {...p} shown={shown.length} running={running} onShowAll={() => setAll(true)} />
      <table>
        <thead>
          <tr>
            <th scope="col">subnet</th>
            <th scope="col">
              {OBJECTIVES.accuracy.title} · {accuracyLabel(p.choice, false)}
            </th>
            {hasMeasured && <th scope="col">supernet (%)</th>}
            {COLUMNS.map((c) => (
              <th key={c} scope="col">
                {OBJECTIVES[c].title}
              </th>
            ))}
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
              <td>{formatObjective('accuracy', r.metrics.accuracy)}</td>
              {hasMeasured && <td>{measuredCell(p.measured, r.key)}</td>}
              {metricCells(r)}
            </tr>
          ))}
        </tbody>
        {p.ghost && <GhostRows ghost={p.ghost} hasMeasured={hasMeasured} />}
      </table>
    </div>
  );
}

/** A subnet's supernet accuracy, "…" while it is being measured. */
const measuredCell = (measured: Readonly<Record<string, number>>, key: string): string => {
  const m = measuredAccuracy(measured, key);
  return m === undefined ? '…' : formatObjective('accuracy', m);
};

/** What the table lists: the front's size (or the ghost's, with no front yet), the brushed count, how many are shown. */
function FrontCaption(p: FrontTableProps & { shown: number; running: boolean; onShowAll: () => void }) {
  return (
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
      {p.shown < p.rows.length && (
        <>
          {' '}
          (first {p.shown} shown
          {!p.running && (
            <>
              {' '}
              ·{' '}
              <button type="button" className="link" onClick={p.onShowAll}>
                show all {p.rows.length}
              </button>
            </>
          )}
          )
        </>
      )}
    </p>
  );
}

/** The previous configuration's front: marked "previous", not selectable. */
function GhostRows({ ghost, hasMeasured }: { ghost: SearchGhost; hasMeasured: boolean }) {
  const ghostRows = ghost.front.slice(0, 50);
  if (ghostRows.length === 0) return null;
  return (
    <tbody className="ghost-rows" data-testid="ghost-rows">
      <tr className="ghost-head">
        <th scope="rowgroup" colSpan={hasMeasured ? 6 : 5}>
          Previous configuration ({describeContext(ghost.context)}): {ghost.front.length} subnets
          {ghostRows.length < ghost.front.length ? `, first ${ghostRows.length} shown` : ''} — not this configuration's numbers
        </th>
      </tr>
      {ghostRows.map((r) => (
        <tr key={r.key} className="ghost-row" data-testid="ghost-row">
          <td>
            <span className="ghost-tag">previous</span> {subnetText(r)}
          </td>
          <td>{formatObjective('accuracy', r.metrics.accuracy)}</td>
          {hasMeasured && <td>—</td>}
          {metricCells(r)}
        </tr>
      ))}
    </tbody>
  );
}
