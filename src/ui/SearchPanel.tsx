/**
 * The search (SPEC §6, §8): settings, run controls and progress, three linked Pareto plots, the
 * hypervolume chart and the front as a table. Clicking a point or a row makes that subnet the page's
 * subnet, so the estimate tables above follow it.
 */
import { useDeferredValue, useRef, useState } from 'react';
import { CIM_AREA_PER_MACRO, frontToCsv, frontToJson, SCHEMA_IDS, SCHEMA_LABELS, type ObjectiveId, type SchemaId, type SearchPoint } from '../core';
import { HypervolumeChart } from '../plots/HypervolumeChart';
import { ParetoPlot } from '../plots/ParetoPlot';
import { OBJECTIVE_AXES, brushedKeys } from '../plots/pareto';
import { useElementWidth } from '../plots/useElementWidth';
import {
  SEARCH_OBJECTIVES, accuracyLabel, accuracyProblem, cancelSearch, importAccuracyTable, importRunRecord, runRecord, clearGhost, pauseSearch, selectPoint, setBrush, setSearchSettings, startSearch, useSearch,
  type SearchAccuracyChoice, type SearchSettings,
} from '../state/search';
import { useApp } from '../state/store';
import { applyLinkHash } from '../state/urlSync';
import { download } from './download';
import { useTraining } from '../state/training';
import { ChartExport } from './ChartExport';
import { ErrorList } from './ErrorList';
import { SpaceEditor } from './SpaceEditor';
import { genomeSummary } from './format';
import { useShallow } from 'zustand/react/shallow';
import { Panel } from './Panel';
import { SelectionDetails } from './SelectionDetails';

/** one empty list, so that the plots' memoised layouts see the same object each render */
const NO_POINTS: readonly SearchPoint[] = [];

const PLOTS: readonly { x: ObjectiveId; y: ObjectiveId; color: ObjectiveId }[] = [
  { x: 'latencyMs', y: 'accuracy', color: 'energyUj' },
  { x: 'energyUj', y: 'accuracy', color: 'latencyMs' },
  { x: 'latencyMs', y: 'energyUj', color: 'accuracy' },
];

const OBJECTIVE_NAMES: Readonly<Record<ObjectiveId, string>> = { accuracy: 'accuracy', latencyMs: 'latency', energyUj: 'energy', params: 'parameters', cimAreaMm2: 'CIM area (co-search)' };

export function SearchPanel() {
  const status = useSearch((s) => s.status);
  const running = status === 'running' || status === 'pausing';
  return (
    <Panel id="search" title="Search: NSGA-II over subnets" className="search-panel" data-testid="search-panel" data-status={status}>
      <SearchSettingsForm disabled={running || status === 'paused'} />
      <SearchControls />
      <SearchResults />
    </Panel>
  );
}

function SearchSettingsForm({ disabled }: { disabled: boolean }) {
  const settings = useSearch((s) => s.settings);
  const spaceId = useApp((s) => s.spaceId);
  const predictor = useTraining((s) => s.predictor);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [revision, setRevision] = useState(0);
  const apply = (patch: Partial<SearchSettings>): void => {
    const refused = setSearchSettings(patch);
    setErrors(refused);
    if (refused.length > 0) setRevision((r) => r + 1);
  };
  const toggle = (o: ObjectiveId, on: boolean): void => apply({ objectives: on ? SEARCH_OBJECTIVES.filter((x) => x === o || settings.objectives.includes(x)) : settings.objectives.filter((x) => x !== o) });
  const table = useSearch((s) => s.table);
  const tableErrors = useSearch((s) => s.tableErrors);
  const problems = { predictor: accuracyProblem('predictor', spaceId), supernet: accuracyProblem('supernet', spaceId), table: table ? accuracyProblem('table', spaceId) : 'no table' };
  void predictor; // re-render when the predictor is fitted
  return (
    <fieldset className="search-settings" disabled={disabled}>
      <legend>Settings</legend>
      <div className="search-objectives" role="group" aria-label="objectives">
        <span>Objectives (two or three; one with a budget is budget mode):</span>
        {SEARCH_OBJECTIVES.map((o) => (
          <label key={o}>
            <input type="checkbox" data-testid={`objective-${o}`} checked={settings.objectives.includes(o)} onChange={(e) => toggle(o, e.target.checked)} /> {OBJECTIVE_NAMES[o]}
          </label>
        ))}
      </div>
      <SpaceEditor trims={settings.trims} onChange={apply} />
      <label className="search-cosearch">
        <input type="checkbox" data-testid="search-exhaustive" checked={settings.exhaustive} onChange={(e) => apply({ exhaustive: e.target.checked })} /> afterwards, enumerate every subnet (at most 1,000,000) and compare the evolved front with the true one
      </label>
      <label className="search-cosearch">
        <input type="checkbox" data-testid="search-cosearch" checked={settings.coSearch} onChange={(e) => apply({ coSearch: e.target.checked, objectives: e.target.checked ? settings.objectives : settings.objectives.filter((o) => o !== 'cimAreaMm2') })} /> co-search the hardware too: CIM macros M ∈ {'{'}1, 2, 4, 8, 16{'}'}, compute units U (divisors of M), NPU MACs/cycle P ∈ {'{'}64, 128, 256, 512{'}'}; CIM area = M × {CIM_AREA_PER_MACRO.valueMm2} mm² per macro ({CIM_AREA_PER_MACRO.provenance})
      </label>
      <div className="train-grid">
        <div className="field">
          <label htmlFor="search-schema">Execution schema</label>
          <select id="search-schema" value={settings.schema} onChange={(e) => apply({ schema: e.target.value as SchemaId })}>
            {SCHEMA_IDS.map((id) => (
              <option key={id} value={id}>{SCHEMA_LABELS[id]}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="search-accuracy">Accuracy</label>
          <select id="search-accuracy" data-testid="search-accuracy" value={settings.accuracy} onChange={(e) => apply({ accuracy: e.target.value as SearchAccuracyChoice })}>
            <option value="proxy">proxy — not measured</option>
            <option value="predictor" disabled={problems.predictor !== null}>predictor (ridge on supernet accuracies)</option>
            <option value="supernet" disabled={problems.supernet !== null}>supernet (predictor, then the front measured)</option>
            <option value="table" disabled={problems.table !== null}>table — imported measurements</option>
          </select>
        </div>
        {(['population', 'generations', 'seed'] as const).map((k) => (
          <NumberInput key={`${k}:${settings[k]}:${revision}`} id={`search-${k}`} label={k === 'population' ? 'Population' : k === 'generations' ? 'Generations' : 'Seed'} value={settings[k]} onCommit={(v) => apply({ [k]: v })} />
        ))}
        {(['latencyMs', 'energyUj', 'params'] as const).map((b) => (
          <BudgetInput key={`${b}:${settings.budgets[b] ?? ''}:${revision}`} budget={b} value={settings.budgets[b]} onCommit={(v) => apply({ budgets: { ...settings.budgets, [b]: v } })} />
        ))}
      </div>
      {problems.predictor && <p className="hint">Predictor and supernet accuracy need a trained supernet and a fitted predictor (Supernet training below).</p>}
      <div className="field table-import">
        <label htmlFor="accuracy-table">Measured accuracies (CSV with genome,accuracy columns, or JSON rows {'{'} "arch", "accuracy" {'}'}): the table's subnets become the candidates, every one scored</label>
        <input
          id="accuracy-table"
          data-testid="accuracy-table"
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            void f.text().then((text) => {
              if (importAccuracyTable(f.name, text).length === 0) apply({ accuracy: 'table', coSearch: false, exhaustive: false });
            });
          }}
        />
        {table && (
          <p className="hint" data-testid="table-info">
            {table.name}: {table.table.entries.length} subnets of {table.table.space}, accuracies read as {table.table.unit === 'percent' ? 'percentages' : 'fractions'}.
          </p>
        )}
        <ErrorList title="Table refused" errors={tableErrors} testId="table-errors" />
      </div>
      <ErrorList title="Not applied" errors={errors} testId="search-errors" />
    </fieldset>
  );
}

function NumberInput(p: { id: string; label: string; value: number; onCommit: (v: number) => void }) {
  const [text, setText] = useState(String(p.value));
  const commit = (): void => p.onCommit(text.trim() === '' ? NaN : Number(text));
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input id={p.id} data-testid={p.id} type="number" step="1" value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </div>
  );
}

const BUDGET_LABELS = { latencyMs: 'Latency budget (ms)', energyUj: 'Energy budget (µJ)', params: 'Parameter budget' } as const;

/** Empty: no budget. A budget makes the search keep only subnets within it (constraint domination). */
function BudgetInput(p: { budget: keyof typeof BUDGET_LABELS; value: number | undefined; onCommit: (v: number | undefined) => void }) {
  const [text, setText] = useState(p.value === undefined ? '' : String(p.value));
  const commit = (): void => p.onCommit(text.trim() === '' ? undefined : Number(text));
  const id = `search-budget-${p.budget}`;
  return (
    <div className="field">
      <label htmlFor={id}>{BUDGET_LABELS[p.budget]}</label>
      <input id={id} data-testid={id} type="number" step="any" placeholder="none" value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </div>
  );
}

function SearchControls() {
  const reference = useSearch((x) => x.reference);
  const s = useSearch(useShallow((x) => ({ status: x.status, generation: x.generation, evaluations: x.evaluations, hv: x.hypervolumes[x.hypervolumes.length - 1], eta: x.etaSec, message: x.message, generations: x.settings.generations, remeasure: x.remeasure, ref: x.ref })));
  const running = s.status === 'running' || s.status === 'pausing';
  return (
    <div className="search-controls">
      <div className="buttons">
        <button type="button" data-testid="search-start" disabled={running} onClick={() => void startSearch(false)}>{s.status === 'idle' ? 'Search' : 'Search again'}</button>
        <button type="button" data-testid="search-pause" disabled={s.status !== 'running'} onClick={pauseSearch}>Pause</button>
        <button type="button" data-testid="search-resume" disabled={s.status !== 'paused'} onClick={() => void startSearch(true)}>Resume</button>
        <button type="button" data-testid="search-cancel" disabled={!running && s.status !== 'paused'} onClick={cancelSearch}>Cancel</button>
        <label className="open-run">
          Open a run record:{' '}
          <input
            type="file"
            data-testid="open-run"
            accept=".json,application/json"
            disabled={running}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then((text) => importRunRecord(f.name, text, applyLinkHash));
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <p className="search-progress" data-testid="search-progress" aria-live="polite">
        {s.status === 'idle' && !s.message ? 'Not run yet.' : (
          <>
            Generation <b data-testid="search-generation">{s.generation + 1}</b> of {s.generations} · <span data-testid="search-evaluations">{s.evaluations}</span> subnets evaluated
            {s.hv !== undefined && <> · hypervolume <b data-testid="search-hv">{s.hv.toFixed(4)}</b> <abbr title={`Volume dominated by the front, with each objective scaled to 0–1 (accuracy 0–100 %, the rest between the smallest and the largest subnet) and the reference point at ${s.ref.join(', ')}: at most ${s.ref.reduce((a, r) => a * r, 1).toFixed(3)}.`}>(?)</abbr></>}
            {s.eta !== null && running && <> · about {Math.ceil(s.eta)} s left</>}
            {s.remeasure && <> · supernet measured {s.remeasure.done} of {s.remeasure.total} front subnets</>}
          </>
        )}
      </p>
      {s.message && <p className={s.status === 'error' ? 'error' : 'hint'} data-testid="search-message" role={s.status === 'error' ? 'alert' : undefined}>{s.message}</p>}
      {reference && (
        <p className={reference.state === 'error' ? 'error' : 'hint'} data-testid="reference-status">
          {reference.state === 'running' && <>Enumerating every subnet: {reference.evaluated.toLocaleString('en-US')} of {reference.total.toLocaleString('en-US')}…</>}
          {reference.state === 'done' && (
            <>
              Exhaustive front of all {reference.subnets.toLocaleString('en-US')} subnets: {reference.front.length} subnets, hypervolume {reference.hypervolume.toFixed(4)}. The evolved front reaches{' '}
              <b data-testid="reference-ratio">{(100 * reference.ratio).toFixed(2)} %</b> of it (dotted green in the plots).
            </>
          )}
          {reference.state === 'error' && reference.message}
        </p>
      )}
    </div>
  );
}

function SearchResults() {
  const ref = useRef<HTMLDivElement>(null);
  const hvBox = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 900);
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
  const reference = useSearch((s) => s.reference);
  const choice = context?.accuracy ?? 'proxy';
  const describe = (p: SearchPoint): string => {
    const m = measured[p.key];
    const acc = m !== undefined ? `${(100 * m).toFixed(1)} % (supernet; ${accuracyLabel(choice, false)} ${(100 * p.metrics.accuracy).toFixed(1)} %)` : `${(100 * p.metrics.accuracy).toFixed(1)} % (${accuracyLabel(choice, false)})`;
    const hw = p.hw ? ` on M=${p.hw.cimMacros} U=${p.hw.cimUnits} P=${p.hw.npuMacsPerCycle}` : '';
    return `${genomeSummary(p.genome)}${hw} — accuracy ${acc}, ${p.metrics.latencyMs.toFixed(3)} ms, ${p.metrics.energyUj.toFixed(1)} µJ, ${(p.metrics.params / 1e6).toFixed(3)} M params${p.feasible ? '' : ' — over budget'}`;
  };
  if (points.length === 0 && !ghost) return <div ref={ref} />;
  // params or CIM area among the objectives: one more plot, accuracy against it
  const extra = (context?.objectives ?? []).find((o) => o === 'params' || o === 'cimAreaMm2');
  const plots = extra ? [...PLOTS, { x: extra, y: 'accuracy' as ObjectiveId, color: 'latencyMs' as ObjectiveId }] : PLOTS;
  const cols = width >= 900 ? 3 : width >= 600 ? 2 : 1;
  const plotWidth = Math.floor((width - (cols - 1) * 12) / cols);
  const brushed = brushedKeys(front, brush, measured);
  const rows = brushed ? front.filter((p) => brushed.has(p.key)) : front;
  return (
    <div ref={ref} className="search-results">
      {ghost && (
        <p className="hint ghost-note" data-testid="ghost-note">
          Dashed grey: the {ghost.label} ({ghost.front.length} subnets). <button type="button" onClick={clearGhost}>Hide it</button>
        </p>
      )}
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
      <p className="hint">Wheel to zoom, double-click to reset; drag to brush (the box filters all three plots and the table). Colour: the third objective, dark = better.</p>
      <SelectionDetails />
      <div className="search-lower">
        <div ref={hvBox}>
          <HypervolumeChart hypervolumes={hypervolumes} generations={generations} width={Math.min(360, width)} />
          <ChartExport target={hvBox} name="hypervolume" title="hypervolume over generations" />
        </div>
        <FrontTable rows={rows} total={front.length} brushed={brushed !== null} measured={measured} choice={choice} selectedKey={selectedKey} />
      </div>
    </div>
  );
}

/** Saves the front (CSV, JSON) or the whole run record (JSON, re-importable). */
function ExportButtons({ choice }: { choice: SearchAccuracyChoice }) {
  const front = useSearch((s) => s.front);
  const measured = useSearch((s) => s.measured);
  const status = useSearch((s) => s.status);
  const stem = `h4h-front-${useApp((s) => s.spaceId)}`;
  const busy = status === 'running' || status === 'pausing';
  return (
    <span className="export-buttons">
      Export:{' '}
      <button type="button" data-testid="export-front-csv" disabled={busy || front.length === 0} onClick={() => download(`${stem}.csv`, frontToCsv(front, choice, measured), 'text/csv')}>front CSV</button>{' '}
      <button type="button" data-testid="export-front-json" disabled={busy || front.length === 0} onClick={() => download(`${stem}.json`, frontToJson(front, choice, measured), 'application/json')}>front JSON</button>{' '}
      <button
        type="button"
        data-testid="export-run"
        disabled={busy || front.length === 0}
        onClick={() => {
          const rec = runRecord(window.location.href, { name: 'h4h-explorer', version: __APP_VERSION__ }, new Date().toISOString());
          if (rec) download('h4h-run.json', `${JSON.stringify(rec)}\n`, 'application/json');
        }}
      >
        run record
      </button>
    </span>
  );
}

function FrontTable(p: { rows: readonly SearchPoint[]; total: number; brushed: boolean; measured: Readonly<Record<string, number>>; choice: SearchAccuracyChoice; selectedKey: string | null }) {
  // while the search runs the front changes every report: a short table then, all of it at the end
  const running = useSearch((s) => s.status === 'running' || s.status === 'pausing');
  const [all, setAll] = useState(false);
  const shown = p.rows.slice(0, running ? 30 : all ? p.rows.length : 50);
  return (
    <div className="front-table">
      <p>
        <ExportButtons choice={p.choice} />
      </p>
      <p>
        Front: <b data-testid="front-count">{p.total}</b> subnets{p.brushed && <> · <span data-testid="brushed-count">{p.rows.length}</span> in the brushed box <button type="button" data-testid="clear-brush" onClick={() => setBrush(null)}>Clear</button></>}
        {shown.length < p.rows.length && (
          <>
            {' '}(first {shown.length} shown{!running && <> · <button type="button" className="link" onClick={() => setAll(true)}>show all {p.rows.length}</button></>})
          </>
        )}
      </p>
      <table>
        <thead>
          <tr>
            <th>subnet</th>
            <th>{OBJECTIVE_AXES.accuracy.title} · {accuracyLabel(p.choice, false)}</th>
            {Object.keys(p.measured).length > 0 && <th>supernet (%)</th>}
            <th>{OBJECTIVE_AXES.latencyMs.title}</th>
            <th>{OBJECTIVE_AXES.energyUj.title}</th>
            <th>{OBJECTIVE_AXES.params.title}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.key} className={r.key === p.selectedKey ? 'selected' : undefined}>
              <td><button type="button" className="link" data-testid="front-row" onClick={() => selectPoint(r.key)} title="show this subnet's estimate">{genomeSummary(r.genome)}{r.hw && ` · M=${r.hw.cimMacros} U=${r.hw.cimUnits} P=${r.hw.npuMacsPerCycle}`}</button></td>
              <td>{(100 * r.metrics.accuracy).toFixed(1)}</td>
              {Object.keys(p.measured).length > 0 && <td>{p.measured[r.key] === undefined ? '…' : (100 * (p.measured[r.key] as number)).toFixed(1)}</td>}
              <td>{OBJECTIVE_AXES.latencyMs.format(r.metrics.latencyMs)}</td>
              <td>{OBJECTIVE_AXES.energyUj.format(r.metrics.energyUj)}</td>
              <td>{OBJECTIVE_AXES.params.format(r.metrics.params / 1e6)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
