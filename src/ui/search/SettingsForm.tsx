/**
 * The search settings form: objectives, space trims, co-search and enumeration, schema and accuracy
 * source, population, generations, seed, budgets, and the accuracy table. Every change goes through
 * `setSearchSettings` (core's one validation); a refused one is listed with its field and the
 * inputs show the value still in force. Objectives and budgets are named by core's vocabulary
 * (`OBJECTIVES`, `BUDGETS`).
 */
import { SearchAccuracyNote } from '../shipped/SearchAccuracyNote';
import { useState } from 'react';
import {
  CIM_AREA_PER_MACRO,
  CO_SEARCH_DEFAULTS,
  LINK_BUDGETS,
  OBJECTIVES,
  SCHEMA_IDS,
  SCHEMA_LABELS,
  budgetFieldLabel,
  type ObjectiveId,
  type SchemaId,
} from '../../core';
import {
  SEARCH_OBJECTIVES,
  accuracyProblem,
  setSearchSettings,
  useSearch,
  type SearchAccuracyChoice,
  type SearchSettings,
} from '../../state/search';
import { useApp } from '../../state/store';
import { useTraining } from '../../state/training';
import { ErrorList } from '../ErrorList';
import { SpaceEditor } from '../SpaceEditor';
import { NumberField } from './NumberField';
import { TableImport } from './TableImport';
import { Term } from '../learn/Term';

type Apply = (patch: Partial<SearchSettings>) => void;

export function SettingsForm({ disabled }: { disabled: boolean }) {
  const settings = useSearch((s) => s.settings);
  const [errors, setErrors] = useState<readonly string[]>([]);
  // a refused value re-mounts the inputs (their keys), so they show the value still in force
  const [revision, setRevision] = useState(0);
  const apply: Apply = (patch) => {
    const refused = setSearchSettings(patch);
    setErrors(refused);
    if (refused.length > 0) setRevision((r) => r + 1);
  };
  return (
    <fieldset className="search-settings" disabled={disabled} data-learn="search-settings" data-control="search-settings">
      <legend>Settings</legend>
      <ObjectivesFieldset settings={settings} apply={apply} />
      <SpaceEditor trims={settings.trims} onChange={apply} />
      <RunFieldset settings={settings} apply={apply} revision={revision} />
      <TableImport onImported={() => apply({ accuracy: 'table', coSearch: false, exhaustive: false })} />
      <ErrorList title="Not applied" errors={errors} testId="search-errors" />
    </fieldset>
  );
}

/** One checkbox per objective, in core's order. */
function ObjectivesFieldset({ settings, apply }: { settings: SearchSettings; apply: Apply }) {
  const toggle = (o: ObjectiveId, on: boolean): void =>
    apply({
      objectives: on
        ? SEARCH_OBJECTIVES.filter((x) => x === o || settings.objectives.includes(x))
        : settings.objectives.filter((x) => x !== o),
    });
  return (
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
          {OBJECTIVES[o].label}
          {OBJECTIVES[o].coSearchOnly ? ' (co-search)' : ''}
        </label>
      ))}
    </fieldset>
  );
}

/** The schema and accuracy source. */
function RunSelects({ settings, apply }: { settings: SearchSettings; apply: Apply }) {
  const spaceId = useApp((s) => s.spaceId);
  useTraining((s) => s.predictor); // re-render when the predictor is fitted
  const table = useSearch((s) => s.table);
  const problems = {
    predictor: accuracyProblem('predictor', spaceId),
    supernet: accuracyProblem('supernet', spaceId),
    table: table ? accuracyProblem('table', spaceId) : 'no table',
  };
  return (
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
  );
}

/** The "Run" group: schema and accuracy, the numbers and budgets, enumeration and co-search. */
function RunFieldset({ settings, apply, revision }: { settings: SearchSettings; apply: Apply; revision: number }) {
  return (
    <fieldset className="search-group">
      <legend>Run</legend>
      <RunSelects settings={settings} apply={apply} />
      <div className="search-numbers">
        {(['population', 'generations', 'seed'] as const).map((k) => (
          <NumberField
            key={`${k}:${settings[k]}:${revision}`}
            id={`search-${k}`}
            label={k === 'population' ? 'Population' : k === 'generations' ? 'Generations' : 'Seed'}
            value={settings[k]}
            step="1"
            onCommit={(v) => apply({ [k]: v ?? NaN })}
          />
        ))}
        {LINK_BUDGETS.map(({ id: b }) => (
          // empty: no budget. A budget makes the search keep only subnets within it (constraint domination)
          <NumberField
            key={`${b}:${settings.budgets[b] ?? ''}:${revision}`}
            id={`search-budget-${b}`}
            label={budgetFieldLabel(b)}
            value={settings.budgets[b]}
            step="any"
            placeholder="none"
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
        <Term id="co-search">co-search</Term> the hardware too: CIM macros M ∈ {'{'}
        {CO_SEARCH_DEFAULTS.cimMacros.join(', ')}
        {'}'}, compute units U (divisors of M), NPU MACs/cycle P ∈ {'{'}
        {CO_SEARCH_DEFAULTS.npuMacsPerCycle.join(', ')}
        {'}'}; CIM area = M × {CIM_AREA_PER_MACRO.valueMm2} mm² per macro ({CIM_AREA_PER_MACRO.provenance})
      </label>
      <p className="search-note">
        <Term id="nsga-ii">NSGA-II</Term> evolves the subnets toward those no other beats on every objective; the rest are{' '}
        <Term id="dominated">dominated</Term>, faded in the plots. Spaces without a shipped or trained supernet use the{' '}
        <Term id="proxy">proxy</Term>, labelled.
      </p>
      <SearchAccuracyNote />
    </fieldset>
  );
}
