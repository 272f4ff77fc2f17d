import type { Estimate, SearchSpace, System } from '../core';
import { modelName, type LoadedModel } from '../state/model';
import { fmtCompact, fmtInt } from './format';

/** One line: the size of the subnet (or the opened model) and where it runs. */
export function Summary({
  estimate,
  space,
  system,
  model = null,
}: {
  estimate: Estimate;
  space: SearchSpace;
  system: System;
  model?: LoadedModel | null;
}) {
  return (
    <p className="summary" data-testid="summary" data-learn="summary">
      <span>
        MACs{' '}
        <b data-field="macs" data-value={String(estimate.macs)} title={fmtInt(estimate.macs)}>
          {fmtCompact(estimate.macs)}
        </b>
      </span>
      <span>
        params{' '}
        <b data-field="params" data-value={String(estimate.params)} title={fmtInt(estimate.params)}>
          {fmtCompact(estimate.params)}
        </b>
      </span>
      <span>
        layers <b>{estimate.layers.length}</b>
      </span>
      {model ? (
        <span data-testid="summary-model">
          model <b>{modelName(model)}</b> ({model.format === 'json' ? 'description' : `.${model.format}`})
        </span>
      ) : (
        <span>
          space <b>{space.id}</b> ({space.dataset})
        </span>
      )}
      <span>
        system <b>{system.label}</b>
      </span>
    </p>
  );
}
