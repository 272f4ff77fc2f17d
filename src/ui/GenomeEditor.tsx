import { useState } from 'react';
import { applyGenomeJson, applyPreset, useApp, type GenomePreset } from '../state/store';
import { formatGenome } from './format';
import { GeneForm } from './GeneForm';
import { ErrorList } from './ErrorList';
import { Panel } from './Panel';
import { ClusterExport } from './ClusterExport';

const PRESETS: readonly GenomePreset[] = ['default', 'smallest', 'largest', 'random'];

/** The subnet as editable JSON (the same genome the gene form edits). Remounted (via `key`) whenever the store's genome changes. */
function JsonForm({ initialText }: { initialText: string }) {
  const [text, setText] = useState(initialText);
  const [errors, setErrors] = useState<readonly string[]>([]);

  const apply = () => {
    const result = applyGenomeJson(text);
    setErrors(result.ok ? [] : result.errors);
  };

  return (
    <form
      className="genome-form"
      data-control="genome-json"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label htmlFor="genome-json">
        Genome (JSON) <span className="hint">Ctrl+Enter applies</span>
      </label>
      <textarea
        id="genome-json"
        data-testid="genome-json"
        spellCheck={false}
        rows={12}
        value={text}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? 'genome-errors' : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            apply();
          }
        }}
      />
      <div className="row">
        <button type="submit" className="primary btn-primary" data-testid="genome-apply">
          Apply
        </button>
        {text !== initialText && (
          <button
            type="button"
            onClick={() => {
              setText(initialText);
              setErrors([]);
            }}
          >
            Revert
          </button>
        )}
      </div>
      <ErrorList id="genome-errors" title="Genome not applied — the previous one is kept:" errors={errors} testId="genome-errors" />
    </form>
  );
}

export function GenomeEditor() {
  const genome = useApp((s) => s.genome);
  const spaceId = useApp((s) => s.spaceId);
  const randomSeed = useApp((s) => s.randomSeed);
  const text = formatGenome(genome);
  return (
    <Panel id="subnet" title="Subnet">
      <div className="row presets" role="group" aria-label="Genome presets" data-learn="presets">
        {PRESETS.map((preset) => (
          <button key={preset} type="button" data-testid={`preset-${preset}`} onClick={() => applyPreset(preset)}>
            {preset}
          </button>
        ))}
      </div>
      {randomSeed !== null && (
        <p className="hint" data-testid="random-seed">
          random subnet, seed {randomSeed}:{' '}
          <code>
            npm run -s h4h -- sample --space {genome.space} --seed {randomSeed} --count 1
          </code>
        </p>
      )}
      <GeneForm />
      <JsonForm key={text} initialText={text} />
      <ClusterExport spaceId={spaceId} genome={genome} />
    </Panel>
  );
}
