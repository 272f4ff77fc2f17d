/**
 * The pinned baseline, derived: its estimate (memoised on the pinned inputs) and how the current
 * subnet differs from it, layer by layer. Layers are matched by name (`s2.b1.expand`), so an edit
 * that adds a block shows its layers as added and one that removes a block shows them as removed.
 */
import { at, calibrated, getSystem, validateSystem, type Estimate, type SchemaId, type ScheduleResult, type System } from '../core';
import type { AppState, Baseline } from './store';
import { estimateSubject } from './selectors';

function systemOf(b: Baseline): System {
  const r = Object.keys(b.hwOverrides).length === 0 ? null : validateSystem({ base: b.systemId, ...b.hwOverrides });
  const system = r?.ok ? r.value : getSystem(b.systemId);
  // pinned with a calibration: estimated with it, as it was shown
  return b.calibration ? { ...system, params: calibrated(system.params, b.calibration) } : system;
}

let last: { baseline: Baseline; estimate: Estimate } | null = null;

/** The baseline's estimate (all four schemas), or null when none is pinned; computed once per pin. */
export function selectBaselineEstimate(state: Pick<AppState, 'baseline'>): Estimate | null {
  const b = state.baseline;
  if (!b) return null;
  if (last?.baseline === b) return last.estimate;
  const estimate = estimateSubject(b, systemOf(b));
  last = { baseline: b, estimate };
  return estimate;
}

/**
 * How long each layer takes under one schema: from the start of its first bar to the end of its last
 * on the NPU or a CIM unit (a layer split across both counts once; link hand-offs are not the layer's).
 */
export function layerSpansUs(schedule: ScheduleResult, layers: number): readonly number[] {
  const spans = Array.from({ length: layers }, () => ({ start: Infinity, end: -Infinity }));
  for (const e of schedule.timeline) {
    const span = spans[e.layer]; // none for a layer past `layers`
    if (e.unit === 'LINK' || span === undefined) continue;
    span.start = Math.min(span.start, e.startUs);
    span.end = Math.max(span.end, e.endUs);
  }
  return spans.map(({ start, end }) => (start === Infinity ? 0 : end - start));
}

export interface LayerDiff {
  /** per current layer: its time minus the baseline's same-named layer's (µs), or null when the baseline has no such layer (added) */
  readonly deltaUs: readonly (number | null)[];
  /** names of the baseline's layers the current subnet lacks, in the baseline's order */
  readonly removed: readonly string[];
}

/** The current subnet's layers against the baseline's, matched by name, under `schema`. */
export function diffLayers(current: Estimate, baseline: Estimate, schema: SchemaId): LayerDiff {
  const now = layerSpansUs(current.schemas[schema], current.layers.length);
  const then = layerSpansUs(baseline.schemas[schema], baseline.layers.length);
  const before = new Map(baseline.layers.map((l, i) => [l.name, at(then, i)]));
  const names = new Set(current.layers.map((l) => l.name));
  return {
    deltaUs: current.layers.map((l, i) => {
      const b = before.get(l.name);
      return b === undefined ? null : at(now, i) - b;
    }),
    removed: baseline.layers.filter((l) => !names.has(l.name)).map((l) => l.name),
  };
}
