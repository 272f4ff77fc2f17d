/** Derived data: computed from the store's inputs by core, memoised on those inputs, never stored. */
import {
  estimateGenome,
  estimateLayers,
  explainPlacement,
  getSpace,
  type Estimate,
  type Genome,
  type SchemaId,
  type System,
} from '../core';
import { modelLayers, type LoadedModel } from './model';
import { currentSystem, type AppState } from './store';

let lastEstimate: { spaceId: string; system: System; genome: Genome; model: LoadedModel | null; estimate: Estimate } | null = null;

/** What the page estimates: the opened model's layers, else the space's subnet. */
export function estimateSubject(
  subject: { readonly spaceId: string; readonly genome: Genome; readonly model?: LoadedModel | null },
  system: System,
): Estimate {
  if (subject.model) return estimateLayers(modelLayers(subject.model, system.params), system.params);
  return estimateGenome(getSpace(subject.spaceId), subject.genome, system);
}

/** The estimate of the current subnet (or opened model) on the current system, edits included (all four schemas). */
export function selectEstimate(state: AppState): Estimate {
  const last = lastEstimate;
  const system = currentSystem(state); // memoised: the same object while the inputs are the same
  // the system carries the calibration (currentSystem), so a new calibration is a new system
  if (last && last.genome === state.genome && last.spaceId === state.spaceId && last.system === system && last.model === state.model) {
    return last.estimate;
  }
  const estimate = estimateSubject(state, system);
  lastEstimate = { spaceId: state.spaceId, system, genome: state.genome, model: state.model, estimate };
  return estimate;
}

let lastReasons: { estimate: Estimate; schema: SchemaId; reasons: readonly string[] } | null = null;

/** One line per layer on why the layer table's schema (`state.layerSchema`) placed it where it did. */
export function selectPlacementReasons(state: AppState): readonly string[] {
  const estimate = selectEstimate(state);
  const schema = state.layerSchema;
  if (lastReasons?.estimate === estimate && lastReasons.schema === schema) return lastReasons.reasons;
  const reasons = explainPlacement(estimate.layers, estimate.costs, estimate.schemas[schema], currentSystem(state).params);
  lastReasons = { estimate, schema, reasons };
  return reasons;
}
