import { createClient, type TfLanes } from './client';
import type { TrainJob } from './protocol';
import { restartingPort } from './restartingPort';

/**
 * The TF.js worker, bundled by Vite as its own chunk together with TF.js (the `new URL` form is
 * what Vite recognises). Kept apart from client.ts so the bridge itself runs in Node tests.
 */
/** `onWorkerFailure`: called after a failed worker's jobs were rejected (the next job starts a new one). */
export function createTfLanes(onWorkerFailure?: () => void): TfLanes {
  const worker = restartingPort(
    () => new Worker(new URL('./tf.worker.ts', import.meta.url), { type: 'module', name: 'h4h-tf' }),
    onWorkerFailure,
  );
  return {
    control: createClient<TrainJob>(worker),
    train: createClient<TrainJob>(worker),
    query: createClient<TrainJob>(worker),
    export: createClient<TrainJob>(worker),
    store: createClient<TrainJob>(worker),
    data: createClient<TrainJob>(worker),
  };
}
