/**
 * The paper view's run settings (both searches share them) and its run button. The settings are
 * checked as the link's `paper=` is (one message per field, naming it); a bad value is not run.
 */
import { useState } from 'react';
import { DEFAULT_SEARCH, SCHEMA_IDS, SCHEMA_LABELS, getSpace, validateSearchSettings, type PaperSearch, type SchemaId } from '../../core';
import { runPaperView } from '../../state/paperRunner';
import { useApp } from '../../state/store';
import { ErrorList } from '../ErrorList';

const FIELDS = [
  { key: 'population', label: 'Population' },
  { key: 'generations', label: 'Generations' },
  { key: 'seed', label: 'Seed' },
] as const;

export function PaperForm({
  settings,
  running,
  ran,
}: {
  readonly settings: PaperSearch;
  readonly running: boolean;
  readonly ran: boolean;
}) {
  const spaceId = useApp((s) => s.spaceId);
  const [text, setText] = useState<Record<string, string>>(() => Object.fromEntries(FIELDS.map((f) => [f.key, String(settings[f.key])])));
  const [schema, setSchema] = useState<SchemaId>(settings.schema);
  const [errors, setErrors] = useState<string[]>([]);
  const submit = (): void => {
    const asked: PaperSearch = {
      schema,
      population: /^\d+$/.test(text.population?.trim() ?? '') ? Number(text.population) : Number.NaN,
      generations: /^\d+$/.test(text.generations?.trim() ?? '') ? Number(text.generations) : Number.NaN,
      seed: /^\d+$/.test(text.seed?.trim() ?? '') ? Number(text.seed) : Number.NaN,
    };
    const problems = validateSearchSettings({ ...DEFAULT_SEARCH, objectives: ['accuracy', 'latencyMs'], ...asked }, getSpace(spaceId));
    setErrors(problems.map((p) => p.replace(/^search\./, '')));
    if (problems.length === 0) void runPaperView(asked);
  };
  return (
    <form
      className="paper-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`paper-${f.key}`}>{f.label}</label>
          <input
            id={`paper-${f.key}`}
            data-testid={`paper-${f.key}`}
            inputMode="numeric"
            value={text[f.key] ?? ''}
            onChange={(e) => setText({ ...text, [f.key]: e.target.value })}
          />
        </div>
      ))}
      <div className="field">
        <label htmlFor="paper-schema">Schema of the latency axis</label>
        <select id="paper-schema" value={schema} onChange={(e) => setSchema(e.target.value as SchemaId)}>
          {SCHEMA_IDS.map((id) => (
            <option key={id} value={id}>
              {SCHEMA_LABELS[id]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="primary btn-primary" data-testid="paper-run" disabled={running}>
        {running ? 'Running…' : ran ? 'Run again' : "Run the paper's experiment"}
      </button>
      <ErrorList title="Not run:" errors={errors} testId="paper-errors" />
    </form>
  );
}
