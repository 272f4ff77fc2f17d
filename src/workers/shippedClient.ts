import { createClient, type WorkerClient } from './client';
import { restartingPort } from './restartingPort';

/**
 * The shipped-supernet worker (TF.js on the CPU backend), bundled by Vite as its own chunk and
 * started on the first request: `info` (the manifest and predictor) and `measure` (a subnet's
 * accuracy) are two latest-job-wins lanes over it, so a new measurement never cancels a load.
 */
export interface ShippedLanes {
  readonly info: WorkerClient;
  readonly measure: WorkerClient;
}

export function createShippedLanes(): ShippedLanes {
  const port = restartingPort(() => new Worker(new URL('./shipped.worker.ts', import.meta.url), { type: 'module', name: 'h4h-shipped' }));
  return { info: createClient(port), measure: createClient(port) };
}
