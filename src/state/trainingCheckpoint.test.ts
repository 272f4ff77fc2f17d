import { beforeEach, describe, expect, it } from 'vitest';
import type { TfLanes, WorkerClient } from '../workers/client';
import { connectTraining, initialTraining, refreshCheckpoint, trainingStore } from './training';

/** A worker whose stored checkpoint is refused as malformed (workers/trainSession.ts). */
function refusingLanes(message: string): TfLanes {
  const client: WorkerClient = {
    run: (async (request: { type: string }) => {
      if (request.type === 'checkpointInfo') throw new Error(message);
      return null;
    }) as unknown as WorkerClient['run'],
    cancel: () => undefined,
    pause: () => undefined,
    busy: () => false,
    dispose: () => undefined,
  };
  return { control: client, train: client, query: client, export: client, store: client, data: client } as TfLanes;
}

beforeEach(() => trainingStore.setState(initialTraining(), true));

describe('a stored checkpoint the worker refuses', () => {
  it('is not offered for resuming, and the panel says why, naming the field', async () => {
    const why =
      'checkpoint step: -5 (must be a whole number from 0 to 600); the stored checkpoint is not used (it stays until a new run replaces it, or delete it)';
    connectTraining(refusingLanes(why));
    await refreshCheckpoint();
    expect(trainingStore.getState()).toMatchObject({ checkpoint: null, status: 'idle', message: why });
  });
});
