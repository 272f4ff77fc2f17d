/** Starts the TF.js worker, records which backend it picked and connects the training actions. */
import { SUPERSEDED, type TfLanes, type WorkerClient } from '../workers/client';
import type { BackendChoice } from '../workers/protocol';
import { createTfLanes } from '../workers/tfClient';
import { setBackend } from './store';
import { connectTraining, refreshCheckpoint, setBackendChoice } from './training';

let control: WorkerClient | null = null;
/** the user's choice, kept for a worker that has to be replaced */
let lastChoice: BackendChoice = 'auto';

/** Asks the worker for a backend (`prefer`, or for auto the fastest measured); the status lands in the store. */
export function chooseBackend(prefer: BackendChoice = 'auto'): void {
  if (!control) return;
  lastChoice = prefer;
  setBackendChoice(prefer);
  setBackend({ status: 'pending' });
  control.run({ type: 'init', prefer }).then(
    (info) => {
      setBackend({ status: 'ready', info });
      void refreshCheckpoint();
    },
    (error: Error) => {
      if (error.name !== SUPERSEDED) setBackend({ status: 'error', message: error.message });
    },
  );
}

/** Starts the worker (three lanes over one Worker) and picks the backend. */
export function startBackend(lanes: TfLanes = createTfLanes(() => chooseBackend(lastChoice))): TfLanes {
  control = lanes.control;
  connectTraining(lanes);
  chooseBackend('auto');
  return lanes;
}
