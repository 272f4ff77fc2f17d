import { describe, expect, it } from 'vitest';
import { getSpace, smallestGenome } from '../core';
import { createClient, idSource, type WorkerPort } from '../workers/client';
import type { TrainJob, WorkerReply, WorkerRequest } from '../workers/protocol';
import { isSuperseded, messageOf, runLatest } from './lane';

/** A worker stand-in that answers `checkpointInfo` with `null` and refuses `evaluate`, on later macrotasks. */
function port(): WorkerPort {
  const listeners: ((e: { data: unknown }) => void)[] = [];
  return {
    postMessage: (m: WorkerRequest) => {
      const reply: WorkerReply | null =
        m.type === 'checkpointInfo'
          ? { type: 'done', id: m.id, job: 'checkpointInfo', result: null }
          : m.type === 'evaluate'
            ? { type: 'error', id: m.id, message: 'supernet: not trained yet' }
            : null;
      if (reply) setTimeout(() => listeners.forEach((l) => l({ data: reply })), 0);
    },
    addEventListener: (type: 'message' | 'error', l: never) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => undefined,
  };
}

const genome = smallestGenome(getSpace('mini'));

describe('runLatest', () => {
  it('resolves with the result (null included), calling neither handler', async () => {
    const lane = createClient<TrainJob>(port(), idSource());
    const seen: string[] = [];
    const result = await runLatest(() => lane.run({ type: 'checkpointInfo' }), {
      onError: (m) => seen.push(`error ${m}`),
      onSuperseded: () => seen.push('superseded'),
    });
    expect(result).toBeNull();
    expect(seen).toEqual([]);
  });

  it('a failed job gives undefined and its message to onError, once', async () => {
    const lane = createClient<TrainJob>(port(), idSource());
    const seen: string[] = [];
    const result = await runLatest(() => lane.run({ type: 'evaluate', genome }), {
      onError: (m) => seen.push(`error ${m}`),
      onSuperseded: () => seen.push('superseded'),
    });
    expect(result).toBeUndefined();
    expect(seen).toEqual(['error supernet: not trained yet']);
  });

  it('a job superseded by a newer one on its lane gives undefined and onSuperseded, never onError', async () => {
    const lane = createClient<TrainJob>(port(), idSource());
    const seen: string[] = [];
    const older = runLatest(() => lane.run({ type: 'checkpointInfo' }), {
      onError: (m) => seen.push(`error ${m}`),
      onSuperseded: () => seen.push('older superseded'),
    });
    const newer = runLatest(() => lane.run({ type: 'checkpointInfo' }), { onSuperseded: () => seen.push('newer superseded') });
    expect(await older).toBeUndefined();
    expect(await newer).toBeNull();
    expect(seen).toEqual(['older superseded']);
  });

  it('a job that throws before it reaches the lane (no worker connected) is an error, and no handlers is fine', async () => {
    const seen: string[] = [];
    const fail = (): Promise<number> => {
      throw new Error('training: the worker is not connected');
    };
    expect(await runLatest(fail, { onError: (m) => seen.push(m) })).toBeUndefined();
    expect(seen).toEqual(['training: the worker is not connected']);
    expect(await runLatest(fail)).toBeUndefined();
    expect(await runLatest(async () => 0)).toBe(0);
  });

  it('isSuperseded and messageOf', () => {
    const e = new Error('job 3 was superseded');
    expect(isSuperseded(e)).toBe(false);
    e.name = 'SupersededError';
    expect(isSuperseded(e)).toBe(true);
    expect(isSuperseded('SupersededError')).toBe(false);
    expect(messageOf(e)).toBe('job 3 was superseded');
    expect(messageOf(42)).toBe('42');
  });
});
