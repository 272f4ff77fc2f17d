/**
 * Measurements that came back (issue 18): the page's accuracy estimate against an imported table
 * (the predictor a search would use, else the proxy), and a refit of "your predictor" on the table,
 * which `predictor` searches then use (state/searchAccuracy.ts).
 */
import {
  agreement,
  getSpace,
  MIN_PREDICTOR_SAMPLES,
  predictedAccuracy,
  presetIdOf,
  proxyAccuracy,
  type AccuracyTable,
  type Agreement,
} from '../core';
import { runLatest } from './lane';
import { searchPredictor } from './searchAccuracy';
import { sideWorker } from './sideWorkers';
import { trainingStore } from './training';

export interface TableAgreement extends Agreement {
  /** what the estimate is, as the page says it */
  readonly estimate: string;
}

/** The page's estimate against `table`'s measurements, on the table's preset space. */
export function tableAgreement(table: AccuracyTable): TableAgreement {
  const spaceId = presetIdOf(table.space);
  const space = getSpace(spaceId);
  const p = searchPredictor(spaceId, space);
  const estimate = p ? predictedAccuracy(p.predictor, space) : (g: Parameters<typeof proxyAccuracy>[1]) => proxyAccuracy(space, g);
  return { ...agreement(space, table.entries, estimate), estimate: p ? p.from : 'the proxy (MACs and depth; no measurement behind it)' };
}

/**
 * Fits "your predictor" on the table (held-out Kendall τ as for a supernet's), in a search worker of
 * its own (the fit is seconds on a large table); the message why not, or null once it is set.
 */
export async function refitOnTable(table: AccuracyTable): Promise<string | null> {
  if (table.entries.length < MIN_PREDICTOR_SAMPLES)
    return `the table has ${table.entries.length} subnets; a predictor needs at least ${MIN_PREDICTOR_SAMPLES}`;
  const client = sideWorker('fit');
  if (!client) return 'the search worker is not connected';
  let message: string | null = null;
  const predictor = await runLatest(() => client.run({ type: 'fitTable', table }), {
    onError: (m) => (message = m),
    onSuperseded: () => (message = 'superseded by a newer fit'),
  });
  if (predictor) trainingStore.setState({ predictor: { state: 'ready', predictor } });
  return predictor ? null : message;
}
