/**
 * The results area: the plots (with a slot beside them for the selected subnet's details), then the
 * hypervolume chart and the front table. Shown once a run or a ghost exists.
 */
import { useDeferredValue, useRef } from 'react';
import { HypervolumeChart } from '../../plots/HypervolumeChart';
import { brushedKeys } from '../../plots/pareto';
import { useElementWidth } from '../../plots/useElementWidth';
import { useSearch } from '../../state/search';
import { ChartExport } from '../ChartExport';
import { SelectionDetails } from '../SelectionDetails';
import { FrontAccuracyFrom } from '../shipped/SearchAccuracyNote';
import { FrontTable } from './FrontTable';
import { PlotsGrid } from './PlotsGrid';

export function Results() {
  const plotsBox = useRef<HTMLDivElement>(null);
  const hvBox = useRef<HTMLDivElement>(null);
  const width = useElementWidth(plotsBox, 900);
  // deferred: a report re-renders the plots at low priority, and React yields between them, so the
  // main thread stays responsive while thousands of points come in (SPEC §10: no task over 50 ms)
  const points = useDeferredValue(useSearch((s) => s.points));
  const front = useDeferredValue(useSearch((s) => s.front));
  const ghost = useSearch((s) => s.ghost);
  const measured = useSearch((s) => s.measured);
  const brush = useSearch((s) => s.brush);
  const selectedKey = useSearch((s) => s.selectedKey);
  const hypervolumes = useSearch((s) => s.hypervolumes);
  const generations = useSearch((s) => s.settings.generations);
  const context = useSearch((s) => s.context);
  const empty = points.length === 0 && !ghost;
  const brushed = brushedKeys(front, brush, measured);
  const rows = brushed ? front.filter((p) => brushed.has(p.key)) : front;
  return (
    <div className={`search-results${empty ? ' empty' : ''}`}>
      <div className="search-main">
        <div className="search-plots" ref={plotsBox} data-learn="pareto">
          {empty ? (
            <p className="search-note">
              No search has run yet: the Pareto plots (accuracy, latency and energy, two at a time) appear here once you press Search.
            </p>
          ) : (
            <PlotsGrid width={width} points={points} front={front} />
          )}
          {!empty && <FrontAccuracyFrom />}
        </div>
        {/*
          The selected subnet's details: a card about 320 px wide, to the right of the plots from
          1280 px of viewport, below them on a phone. Empty (no results yet), it takes no room
          (search.css); the plots re-measure when it fills.
        */}
        <div className="search-aside" data-slot="selection-details">
          {!empty && <SelectionDetails />}
        </div>
      </div>
      {empty ? (
        <div className="search-lower">
          <p className="search-note" data-learn="hypervolume">
            The hypervolume chart, how much of the objective space the front dominates after each generation, is drawn here during a search.
          </p>
          <p className="search-note" data-learn="front-table">
            The table of the front, one row per subnet that no other beats on every objective, is listed here after a search.
          </p>
        </div>
      ) : (
        <div className="search-lower">
          <div ref={hvBox} className="hv-box" data-learn="hypervolume">
            <div className="hv-head">
              <span>hypervolume over generations</span>
              <ChartExport target={hvBox} name="hypervolume" title="hypervolume over generations" />
            </div>
            <HypervolumeChart hypervolumes={hypervolumes} generations={generations} width={Math.min(360, width)} />
          </div>
          <FrontTable
            rows={rows}
            total={front.length}
            brushed={brushed !== null}
            measured={measured}
            choice={context?.accuracy ?? ghost?.context.accuracy ?? 'proxy'}
            selectedKey={selectedKey}
            ghost={ghost}
          />
        </div>
      )}
    </div>
  );
}
