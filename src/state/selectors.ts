/** Derived data: computed from the store's inputs by core, memoised on those inputs, never stored. */
import { estimateGenome, explainPlacement, getSpace, getSystem, type Estimate, type Genome, type SchemaId } from '../core';
import type { AppState } from './store';

let lastEstimate: { spaceId: string; systemId: string; genome: Genome; estimate: Estimate } | null = null;

/** The estimate of the current genome on the current system (all four schemas). */
export function selectEstimate(state: AppState): Estimate {
  const last = lastEstimate;
  if (last && last.genome === state.genome && last.spaceId === state.spaceId && last.systemId === state.systemId) {
    return last.estimate;
  }
  const estimate = estimateGenome(getSpace(state.spaceId), state.genome, getSystem(state.systemId));
  lastEstimate = { spaceId: state.spaceId, systemId: state.systemId, genome: state.genome, estimate };
  return estimate;
}

let lastReasons: { estimate: Estimate; schema: SchemaId; reasons: readonly string[] } | null = null;

/** One line per layer on why the layer table's schema (`state.layerSchema`) placed it where it did. */
export function selectPlacementReasons(state: AppState): readonly string[] {
  const estimate = selectEstimate(state);
  const schema = state.layerSchema;
  if (lastReasons?.estimate === estimate && lastReasons.schema === schema) return lastReasons.reasons;
  const reasons = explainPlacement(estimate.layers, estimate.costs, estimate.schemas[schema], getSystem(state.systemId).params);
  lastReasons = { estimate, schema, reasons };
  return reasons;
}
