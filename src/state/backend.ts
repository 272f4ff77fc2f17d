/** Starts the TF.js worker and records which backend it picked. */
import { SUPERSEDED, type WorkerClient } from '../workers/client';
import { createTfClient } from '../workers/tfClient';
import { setBackend } from './store';

/** Asks the worker for its backend; the status lands in the store. Returns the client for later jobs. */
export function startBackend(client: WorkerClient = createTfClient()): WorkerClient {
  setBackend({ status: 'pending' });
  client.run({ type: 'init' }).then(
    (info) => setBackend({ status: 'ready', info }),
    (error: Error) => {
      if (error.name !== SUPERSEDED) setBackend({ status: 'error', message: error.message });
    },
  );
  return client;
}
