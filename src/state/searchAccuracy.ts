/**
 * Which accuracy a search runs on (issue 13): the `predictor` choice takes the predictor the visitor
 * fitted on this page for the space, else the shipped predictor (fitted on the shipped supernet),
 * else — spaces without a shipped supernet, or trimmed spaces whose choices it was not fitted on —
 * the proxy, labelled as such.
 */
import { featureNames, NUMERIC_FEATURES, type Predictor, type SearchSpace } from '../core';
import type { SearchAccuracy } from '../workers/protocol';
import { shippedInfo, shippedPredictorQuality } from './shipped';
import type { SearchAccuracyChoice } from './searchStore';
import { trainingStore } from './training';

export interface ResolvedPredictor {
  readonly predictor: Predictor;
  readonly origin: 'own' | 'shipped';
  /** provenance, as the page shows it beside the predictor's numbers */
  readonly from: string;
}

/** Whether `p` was fitted on exactly the choices of `space` (a trimmed space has fewer). */
export function predictorCovers(p: Predictor, space: SearchSpace): boolean {
  if (p.space !== space.id) return false;
  const names = p.numeric ? [...featureNames(space), ...NUMERIC_FEATURES] : featureNames(space);
  return names.length === p.featureNames.length && names.every((n, i) => n === p.featureNames[i]);
}

/** The predictor a `predictor` search on `space` uses (null: none covers it; the proxy is used). */
export function searchPredictor(spaceId: string, space: SearchSpace): ResolvedPredictor | null {
  const own = trainingStore.getState().predictor;
  if (own.state === 'ready' && own.predictor.space === spaceId && predictorCovers(own.predictor, space)) {
    const tau = own.predictor.kendallTau;
    return {
      predictor: own.predictor,
      origin: 'own',
      from: `your predictor, fitted on this page; Kendall τ ${tau === null ? '—' : tau.toFixed(2)} on held-out subnets`,
    };
  }
  const info = shippedInfo(spaceId);
  if (info && predictorCovers(info.predictor.predictor, space)) {
    return {
      predictor: info.predictor.predictor,
      origin: 'shipped',
      from: `shipped predictor of ${info.entry.id} (${info.entry.steps} steps, SHA-256 ${info.entry.weights.sha256.slice(0, 8)}…); ${shippedPredictorQuality(info).text}`,
    };
  }
  return null;
}

/** The source a search of `choice` actually runs on: a predictor choice without a predictor runs on the proxy. */
export function effectiveChoice(choice: SearchAccuracyChoice, spaceId: string, space: SearchSpace): SearchAccuracyChoice {
  return choice === 'predictor' && !searchPredictor(spaceId, space) ? 'proxy' : choice;
}

/** The accuracy the search worker gets. */
export function searchAccuracyOf(
  choice: SearchAccuracyChoice,
  spaceId: string,
  space: SearchSpace,
  table: SearchAccuracy | null,
): SearchAccuracy {
  if (choice === 'table' && table) return table;
  if (choice === 'proxy') return { source: 'proxy' };
  const p = searchPredictor(spaceId, space);
  return p ? { source: 'predictor', predictor: p.predictor } : { source: 'proxy' };
}
