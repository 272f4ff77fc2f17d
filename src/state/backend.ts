/** Starts the TF.js worker, records which backend it picked and connects the training actions. */
import type { TfLanes, TrainClient } from '../workers/client';
import { isSuperseded } from './lane';
import type { BackendChoice, BackendInfo } from '../workers/protocol';
import { clearCachedPick, readCachedPick, writeCachedPick } from './backendCache';
import { pageStorage } from './orientation';
import { createTfLanes } from '../workers/tfClient';
import { setBackend } from './store';
import { connectTraining, refreshCheckpoint, setBackendChoice } from './training';

let control: TrainClient | null = null;
/** the user's choice, kept for a worker that has to be replaced */
let lastChoice: BackendChoice = 'auto';

/**
 * Asks the worker for a backend (`prefer`, or for auto the fastest measured); the status lands in the
 * store. Auto first reuses this browser's kept measurement (`backendCache.ts`) — the worker then loads
 * that backend directly, without probing — unless `remeasure`; a fresh measurement is kept.
 */
export function chooseBackend(prefer: BackendChoice = 'auto', opts: { readonly remeasure?: boolean } = {}): void {
  if (!control) return;
  const lane = control;
  lastChoice = prefer;
  setBackendChoice(prefer);
  setBackend({ status: 'pending' });
  const storage = pageStorage();
  const agent = globalThis.navigator?.userAgent ?? '';
  const cached = prefer === 'auto' && !opts.remeasure ? readCachedPick(storage, agent, Date.now()) : null;
  const ready = (info: BackendInfo): void => {
    setBackend({ status: 'ready', info });
    void refreshCheckpoint();
  };
  const failed = (error: Error): void => {
    if (!isSuperseded(error)) setBackend({ status: 'error', message: error.message });
  };
  if (cached) {
    lane.run({ type: 'init', prefer: cached.backend }).then(
      (info) => ready({ ...info, probe: cached.probe, measuredAt: cached.at }),
      (error: Error) => {
        if (isSuperseded(error)) return;
        // the kept pick no longer loads (a driver or flag changed): measure again
        clearCachedPick(storage as Storage | null);
        chooseBackend('auto', { remeasure: true });
      },
    );
    return;
  }
  lane.run({ type: 'init', prefer }).then((info) => {
    if (prefer === 'auto' && info.probe) writeCachedPick(storage, { backend: info.backend, probe: info.probe, at: Date.now(), agent });
    ready(info);
  }, failed);
}

/** Starts the TF.js worker (six latest-job-wins lanes over one Worker: control, train, query, export, store, data) and picks the backend. */
export function startBackend(lanes: TfLanes = createTfLanes(() => chooseBackend(lastChoice))): TfLanes {
  control = lanes.control;
  connectTraining(lanes);
  chooseBackend('auto');
  return lanes;
}
