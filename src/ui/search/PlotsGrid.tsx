/**
 * The three linked Pareto plots (four with params or CIM area among the objectives), with a toolbar:
 * the ghost's legend and the brush's Clear button (Escape clears it too).
 */
import { useEffect } from 'react';
import { OBJECTIVES, measuredAccuracy, type ObjectiveBox, type ObjectiveId, type SearchPoint } from '../../core';
import { ParetoPlot } from '../../plots/ParetoPlot';
import { accuracyLabel, clearGhost, describeContext, selectPoint, setBrush, useSearch, type SearchGhost } from '../../state/search';
import { download } from '../download';
import { genomeSummary } from '../format';

/** one empty list, so that the plots' memoised layouts see the same object each render */
const NO_POINTS: readonly SearchPoint[] = [];

const PLOTS: readonly { x: ObjectiveId; y: ObjectiveId; color: ObjectiveId }[] = [
  { x: 'latencyMs', y: 'accuracy', color: 'energyUj' },
  { x: 'energyUj', y: 'accuracy', color: 'latencyMs' },
  { x: 'latencyMs', y: 'energyUj', color: 'accuracy' },
];

export function PlotsGrid({ width, points, front }: { width: number; points: readonly SearchPoint[]; front: readonly SearchPoint[] }) {
  const ghost = useSearch((s) => s.ghost);
  const measured = useSearch((s) => s.measured);
  const brush = useSearch((s) => s.brush);
  const selectedKey = useSearch((s) => s.selectedKey);
  const context = useSearch((s) => s.context);
  const reference = useSearch((s) => s.reference);
  const choice = context?.accuracy ?? ghost?.context.accuracy ?? 'proxy';

  const describe = (p: SearchPoint): string => {
    const m = measuredAccuracy(measured, p.key);
    const acc =
      m !== undefined
        ? `${(100 * m).toFixed(1)} % (supernet; ${accuracyLabel(choice, false)} ${(100 * p.metrics.accuracy).toFixed(1)} %)`
        : `${(100 * p.metrics.accuracy).toFixed(1)} % (${accuracyLabel(choice, false)})`;
    const hw = p.hw ? ` on M=${p.hw.cimMacros} U=${p.hw.cimUnits} P=${p.hw.npuMacsPerCycle}` : '';
    return `${genomeSummary(p.genome)}${hw} — accuracy ${acc}, ${p.metrics.latencyMs.toFixed(3)} ms, ${p.metrics.energyUj.toFixed(1)} µJ, ${(p.metrics.params / 1e6).toFixed(3)} M params${p.feasible ? '' : ' — over budget'}`;
  };
  // params or CIM area among the objectives: one more plot, accuracy against it
  const extra = (context?.objectives ?? []).find((o) => o === 'params' || o === 'cimAreaMm2');
  const plots = extra ? [...PLOTS, { x: extra, y: 'accuracy' as ObjectiveId, color: 'latencyMs' as ObjectiveId }] : PLOTS;
  const cols = width >= 900 ? 3 : width >= 600 ? 2 : 1;
  const plotWidth = Math.floor((width - (cols - 1) * 12) / cols);
  return (
    <>
      <PlotBar ghost={ghost} brush={brush} />
      <div className="pareto-grid" style={{ gridTemplateColumns: `repeat(${cols}, ${plotWidth}px)` }}>
        {plots.map((p) => (
          <ParetoPlot
            key={`${p.x}-${p.y}`}
            {...p}
            points={points}
            front={front}
            ghost={ghost?.front ?? NO_POINTS}
            reference={reference?.state === 'done' ? reference.front : NO_POINTS}
            measured={measured}
            accuracyLabel={accuracyLabel(choice, Object.keys(measured).length > 0)}
            brush={brush}
            selectedKey={selectedKey}
            width={plotWidth}
            onSelect={selectPoint}
            onBrush={setBrush}
            describe={describe}
            onFile={download}
          />
        ))}
      </div>
    </>
  );
}

/** Above the plots: the ghost's legend (with Hide), and how to brush, or the brush with Clear (Escape clears it too). */
function PlotBar({ ghost, brush }: { ghost: SearchGhost | null; brush: ObjectiveBox | null }) {
  // Escape clears the brush, wherever the focus is (only while there is one)
  useEffect(() => {
    if (!brush) return undefined;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setBrush(null);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [brush]);

  return (
    <div className="search-plot-bar">
      {ghost && (
        <p className="ghost-note" data-testid="ghost-note">
          <span className="ghost-swatch" aria-hidden="true" /> Dashed grey, hollow squares: the previous configuration's front (
          {describeContext(ghost.context)}; {ghost.front.length} subnets).{' '}
          <button type="button" onClick={clearGhost}>
            Hide it
          </button>
        </p>
      )}
      <p className="brush-note">
        {brush ? (
          <>
            A box brushed on {OBJECTIVES[brush.y].label} against {OBJECTIVES[brush.x].label} filters the plots and the table.{' '}
            <button type="button" data-testid="clear-brush" onClick={() => setBrush(null)} aria-keyshortcuts="Escape">
              Clear brush
            </button>{' '}
            <span className="search-note">(or Esc)</span>
          </>
        ) : (
          <>
            Drag on a plot to brush (the box filters all plots and the table); wheel to zoom, double-click to reset. Colour: the third
            objective, dark = better.
          </>
        )}
      </p>
    </div>
  );
}
