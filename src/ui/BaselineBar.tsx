import { getSystem } from '../core';
import { clearBaseline, pinBaseline, useApp } from '../state/store';
import { genomeSummary } from './format';
import './details.css';

/**
 * "Pin as baseline", and while one is pinned a banner naming it (subnet, hardware) with "Unpin".
 * The tables and the timeline then show the current subnet's change against it.
 */
export function BaselineBar({ where }: { readonly where: 'estimate' | 'details' }) {
  const baseline = useApp((s) => s.baseline);
  const same = useApp(
    (s) =>
      s.baseline !== null &&
      JSON.stringify([s.baseline.spaceId, s.baseline.genome, s.baseline.systemId, s.baseline.hwOverrides]) ===
        JSON.stringify([s.spaceId, s.genome, s.systemId, s.hwOverrides]),
  );
  const edits = baseline ? Object.keys(baseline.hwOverrides).length : 0;
  return (
    <div className={`baseline-bar baseline-bar-${where}`}>
      <button type="button" className="btn-secondary" data-testid={`pin-baseline-${where}`} onClick={pinBaseline} disabled={same}>
        {same ? 'Pinned as baseline' : baseline ? 'Pin this instead' : 'Pin as baseline'}
      </button>
      {baseline && (
        <p className="baseline-banner" role="status" data-testid={`baseline-banner-${where}`}>
          <span>
            Baseline: <b>{genomeSummary(baseline.genome)}</b> on {getSystem(baseline.systemId).label}
            {edits > 0 && ` with ${edits} edited parameter${edits > 1 ? 's' : ''}`}
            {` (${baseline.spaceId})`}.{' '}
            {where === 'estimate' ? 'The tables and the timeline show the change against it.' : 'The estimate shows the change against it.'}
          </span>{' '}
          <button type="button" className="link-button" data-testid={`unpin-baseline-${where}`} onClick={clearBaseline}>
            Unpin
          </button>
        </p>
      )}
    </div>
  );
}
