/**
 * The search settings form: objectives, space trims, co-search and enumeration, schema and accuracy
 * source, population, generations, seed, budgets, and the accuracy table. Every change goes through
 * `setSearchSettings` (core's one validation); a refused one is listed with its field and the
 * inputs show the value still in force.
 */
import { SearchAccuracyNote } from '../shipped/SearchAccuracyNote';
import { useState } from 'react';
import { CIM_AREA_PER_MACRO, MAX_TABLE_BYTES, SCHEMA_IDS, SCHEMA_LABELS, type ObjectiveId, type SchemaId } from '../../core';
import {
  SEARCH_OBJECTIVES,
  accuracyProblem,
  importAccuracyTable,
  refuseAccuracyTable,
  setSearchSettings,
  useSearch,
  type SearchAccuracyChoice,
  type SearchSettings,
} from '../../state/search';
import { useApp } from '../../state/store';
import { useTraining } from '../../state/training';
import { ErrorList } from '../ErrorList';
import { SpaceEditor } from '../SpaceEditor';
import { FilePicker } from './FilePicker';
import { Term } from '../learn/Term';

const OBJECTIVE_NAMES: Readonly<Record<ObjectiveId, string>> = {
  accuracy: 'accuracy',
  latencyMs: 'latency',
  energyUj: 'energy',
  params: 'parameters',
  cimAreaMm2: 'CIM area (co-search)',
};
const BUDGET_LABELS = { latencyMs: 'Latency budget (ms)', energyUj: 'Energy budget (µJ)', params: 'Parameter budget' } as const;

export function SettingsForm({ disabled }: { disabled: boolean }) {
  const settings = useSearch((s) => s.settings);
  const spaceId = useApp((s) => s.spaceId);
  useTraining((s) => s.predictor); // re-render when the predictor is fitted
  const table = useSearch((s) => s.table);
  const tableErrors = useSearch((s) => s.tableErrors);
  const [errors, setErrors] = useState<readonly string[]>([]);
  const [revision, setRevision] = useState(0);
  const apply = (patch: Partial<SearchSettings>): void => {
    const refused = setSearchSettings(patch);
    setErrors(refused);
    if (refused.length > 0) setRevision((r) => r + 1);
  };
  const toggle = (o: ObjectiveId, on: boolean): void =>
    apply({
      objectives: on
        ? SEARCH_OBJECTIVES.filter((x) => x === o || settings.objectives.includes(x))
        : settings.objectives.filter((x) => x !== o),
    });
  const problems = {
    predictor: accuracyProblem('predictor', spaceId),
    supernet: accuracyProblem('supernet', spaceId),
    table: table ? accuracyProblem('table', spaceId) : 'no table',
  };
  return (
    <fieldset className="search-settings" disabled={disabled} data-learn="search-settings" data-control="search-settings">
      <legend>Settings</legend>
      <fieldset className="search-group search-objectives">
        <legend>
          Objectives (one to four; one alone is <Term id="budget">budget</Term> mode, with a budget; four give a{' '}
          <Term id="pareto-front">front</Term> several times larger and a run about ten times slower)
        </legend>
        {SEARCH_OBJECTIVES.map((o) => (
          <label key={o}>
            <input
              type="checkbox"
              data-testid={`objective-${o}`}
              checked={settings.objectives.includes(o)}
              onChange={(e) => toggle(o, e.target.checked)}
            />{' '}
            {OBJECTIVE_NAMES[o]}
          </label>
        ))}
      </fieldset>
      <SpaceEditor trims={settings.trims} onChange={apply} />
      <fieldset className="search-group">
        <legend>Run</legend>
        <div className="search-selects">
          <div className="field">
            <label htmlFor="search-schema">Execution schema</label>
            <select id="search-schema" value={settings.schema} onChange={(e) => apply({ schema: e.target.value as SchemaId })}>
              {SCHEMA_IDS.map((id) => (
                <option key={id} value={id}>
                  {SCHEMA_LABELS[id]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-accuracy">Accuracy</label>
            <select
              id="search-accuracy"
              data-testid="search-accuracy"
              value={settings.accuracy}
              onChange={(e) => apply({ accuracy: e.target.value as SearchAccuracyChoice })}
            >
              <option value="proxy">proxy — not measured</option>
              <option value="predictor" disabled={problems.predictor !== null}>
                predictor (fitted on supernet accuracies)
              </option>
              <option value="supernet" disabled={problems.supernet !== null}>
                supernet (predictor, then the front measured)
              </option>
              <option value="table" disabled={problems.table !== null}>
                table — imported measurements
              </option>
            </select>
          </div>
        </div>
        <div className="search-numbers">
          {(['population', 'generations', 'seed'] as const).map((k) => (
            <NumberInput
              key={`${k}:${settings[k]}:${revision}`}
              id={`search-${k}`}
              label={k === 'population' ? 'Population' : k === 'generations' ? 'Generations' : 'Seed'}
              value={settings[k]}
              onCommit={(v) => apply({ [k]: v })}
            />
          ))}
          {(['latencyMs', 'energyUj', 'params'] as const).map((b) => (
            <BudgetInput
              key={`${b}:${settings.budgets[b] ?? ''}:${revision}`}
              budget={b}
              value={settings.budgets[b]}
              onCommit={(v) => apply({ budgets: { ...settings.budgets, [b]: v } })}
            />
          ))}
        </div>
        <label className="search-check">
          <input
            type="checkbox"
            data-testid="search-exhaustive"
            checked={settings.exhaustive}
            onChange={(e) => apply({ exhaustive: e.target.checked })}
          />{' '}
          afterwards, enumerate every subnet (at most 1,000,000) and compare the evolved front with the true one
        </label>
        <label className="search-check">
          <input
            type="checkbox"
            data-testid="search-cosearch"
            checked={settings.coSearch}
            onChange={(e) =>
              apply({
                coSearch: e.target.checked,
                objectives: e.target.checked ? settings.objectives : settings.objectives.filter((o) => o !== 'cimAreaMm2'),
              })
            }
          />{' '}
          <Term id="co-search">co-search</Term> the hardware too: CIM macros M ∈ {'{'}1, 2, 4, 8, 16{'}'}, compute units U (divisors of M),
          NPU MACs/cycle P ∈ {'{'}64, 128, 256, 512{'}'}; CIM area = M × {CIM_AREA_PER_MACRO.valueMm2} mm² per macro (
          {CIM_AREA_PER_MACRO.provenance})
        </label>
        <p className="search-note">
          <Term id="nsga-ii">NSGA-II</Term> evolves the subnets toward those no other beats on every objective; the rest are{' '}
          <Term id="dominated">dominated</Term>, faded in the plots. Spaces without a shipped or trained supernet use the{' '}
          <Term id="proxy">proxy</Term>, labelled.
        </p>
        <SearchAccuracyNote />
      </fieldset>
      <fieldset className="search-group table-import">
        <legend>Measured accuracies</legend>
        <FilePicker
          label="Import accuracy table…"
          testId="accuracy-table"
          accept=".csv,.json,text/csv,application/json"
          description={
            'CSV with genome,accuracy columns, or JSON rows { "arch", "accuracy" }: the table\'s subnets become the candidates, every one scored'
          }
          maxBytes={MAX_TABLE_BYTES}
          what="an accuracy table"
          onFile={(name, text) => {
            if (importAccuracyTable(name, text).length === 0) apply({ accuracy: 'table', coSearch: false, exhaustive: false });
          }}
          onRefused={refuseAccuracyTable}
        />
        {table && (
          <p className="search-note" data-testid="table-info">
            {table.name}: {table.table.entries.length} subnets of {table.table.space}, accuracies read as{' '}
            {table.table.unit === 'percent' ? 'percentages' : 'fractions'}.
          </p>
        )}
        <ErrorList title="Table refused" errors={tableErrors} testId="table-errors" />
      </fieldset>
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
      <input
        id={p.id}
        data-testid={p.id}
        type="number"
        step="1"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </div>
  );
}

/** Empty: no budget. A budget makes the search keep only subnets within it (constraint domination). */
function BudgetInput(p: { budget: keyof typeof BUDGET_LABELS; value: number | undefined; onCommit: (v: number | undefined) => void }) {
  const [text, setText] = useState(p.value === undefined ? '' : String(p.value));
  const commit = (): void => p.onCommit(text.trim() === '' ? undefined : Number(text));
  const id = `search-budget-${p.budget}`;
  return (
    <div className="field">
      <label htmlFor={id}>{BUDGET_LABELS[p.budget]}</label>
      <input
        id={id}
        data-testid={id}
        type="number"
        step="any"
        placeholder="none"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </div>
  );
}
