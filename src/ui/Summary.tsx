import type { Estimate, SearchSpace, System } from '../core';
import { fmtCompact, fmtInt } from './format';

/** One line: the size of the subnet and where it runs. */
export function Summary({ estimate, space, system }: { estimate: Estimate; space: SearchSpace; system: System }) {
  return (
    <p className="summary" data-testid="summary" data-learn="summary">
      <span>
        MACs <b data-field="macs" data-value={String(estimate.macs)} title={fmtInt(estimate.macs)}>{fmtCompact(estimate.macs)}</b>
      </span>
      <span>
        params <b data-field="params" data-value={String(estimate.params)} title={fmtInt(estimate.params)}>{fmtCompact(estimate.params)}</b>
      </span>
      <span>
        layers <b>{estimate.layers.length}</b>
      </span>
      <span>
        space <b>{space.id}</b> ({space.dataset})
      </span>
      <span>
        system <b>{system.label}</b>
      </span>
    </p>
  );
}
