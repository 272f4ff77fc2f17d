/**
 * `window.h4h.snapshot()`: a plain-object view of the inputs and the totals, for e2e tests and
 * for anyone poking at the app from the console. Read-only: it changes nothing.
 */
import { SCHEMA_IDS, type Genome, type SchemaId } from '../core';
import { selectEstimate } from '../state/selectors';
import { appStore, type BackendStatus } from '../state/store';

export interface Snapshot {
  readonly config: { readonly space: string; readonly system: string; readonly genome: Genome };
  readonly estimates: Record<SchemaId, { readonly latencyMs: number; readonly energyUj: number }>;
  readonly backend: BackendStatus;
}

export function snapshot(): Snapshot {
  const state = appStore.getState();
  const estimate = selectEstimate(state);
  const estimates = Object.fromEntries(
    SCHEMA_IDS.map((id) => [id, { latencyMs: estimate.schemas[id].latencyMs, energyUj: estimate.schemas[id].energyUj }]),
  ) as Snapshot['estimates'];
  // structuredClone: the caller gets data, not references into the store.
  return structuredClone({
    config: { space: state.spaceId, system: state.systemId, genome: state.genome },
    estimates,
    backend: state.backend,
  });
}

declare global {
  interface Window {
    h4h?: { snapshot(): Snapshot };
  }
}

export function installTestHook(): void {
  window.h4h = { snapshot };
}
