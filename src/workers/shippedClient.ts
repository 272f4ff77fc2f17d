import { createClient, type ShippedClient } from './client';
import type { ShippedJob } from './protocol';
import { restartingPort } from './restartingPort';

/**
 * The shipped-supernet worker (TF.js on the CPU backend), bundled by Vite as its own chunk and
 * started on the first request: `info` (the manifest and predictor), `measure` (the selected
 * subnet's accuracy) and `front` (a search's re-measurement of its front) are latest-job-wins lanes
 * over it, so a new measurement never cancels a load, nor a selection a search's re-measurement.
 */
export interface ShippedLanes {
  readonly info: ShippedClient;
  readonly measure: ShippedClient;
  readonly front: ShippedClient;
}

export function createShippedLanes(): ShippedLanes {
  const port = restartingPort(() => new Worker(new URL('./shipped.worker.ts', import.meta.url), { type: 'module', name: 'h4h-shipped' }));
  return { info: createClient<ShippedJob>(port), measure: createClient<ShippedJob>(port), front: createClient<ShippedJob>(port) };
}
