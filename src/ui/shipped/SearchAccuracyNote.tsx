import { useEffect } from 'react';
import { ACCURACY_LABELS } from '../../core';
import { searchPredictor } from '../../state/searchAccuracy';
import { searchSpaceOf } from '../../state/searchSettings';
import { useSearch } from '../../state/search';
import { loadShipped, useShipped } from '../../state/shipped';
import { useApp } from '../../state/store';
import { useTraining } from '../../state/training';
import './shipped.css';

/**
 * Beside the accuracy setting: which predictor a `predictor` or `supernet` search runs on (the
 * visitor's own, the shipped one with its provenance and held-out Kendall τ), or that the proxy is
 * used because none covers the space. Loads the shipped predictor the first time it is shown.
 */
export function SearchAccuracyNote() {
  const spaceId = useApp((s) => s.spaceId);
  const choice = useSearch((s) => s.settings.accuracy);
  const trims = useSearch((s) => s.settings.trims);
  const load = useShipped((s) => s.loads[spaceId]);
  useTraining((s) => s.predictor); // re-render when the visitor fits one
  const backendKnown = useApp((s) => s.backend.status !== 'pending'); // not beside the backend probe
  useEffect(() => {
    if (backendKnown && (choice === 'predictor' || choice === 'supernet')) void loadShipped(spaceId);
  }, [choice, spaceId, backendKnown]);
  if (choice !== 'predictor' && choice !== 'supernet') return null;
  const sp = searchSpaceOf(spaceId, trims);
  const p = 'error' in sp ? null : searchPredictor(spaceId, sp.space);
  let text: string;
  if (p) text = `Accuracy from the ${p.from}.`;
  else if (load?.state === 'loading') text = 'Loading the shipped predictor…';
  else if (load?.state === 'error')
    text = `The shipped predictor could not be loaded (${load.message}); a predictor search uses the proxy, labelled “${ACCURACY_LABELS.proxy}”.`;
  else
    text = `No predictor covers this ${Object.keys(trims).length > 0 ? 'trimmed space' : 'space'}: a predictor search uses the proxy, labelled “${ACCURACY_LABELS.proxy}”.`;
  return (
    <p className="search-note" data-testid="search-accuracy-from" data-origin={p?.origin ?? 'proxy'}>
      {text}
    </p>
  );
}

/** Under the plots: where the front's predicted accuracies came from (the run's own context). */
export function FrontAccuracyFrom() {
  const from = useSearch((s) => s.context?.accuracyFrom);
  if (!from) return null;
  return (
    <p className="search-note" data-testid="front-accuracy-from">
      Front accuracies: {from}.
    </p>
  );
}
