import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN, getSpace, getSystem } from '../core';
import { createClient, idSource, SUPERSEDED, type WorkerPort } from './client';
import { restartingPort } from './restartingPort';
import type { BackendInfo, SearchJob, TrainJob, WorkerReply, WorkerRequest } from './protocol';

/** A fake worker: records what it is sent; `reply` delivers a message as the worker would. */
function fakePort() {
  const sent: WorkerRequest[] = [];
  const listeners: { message: ((e: { data: unknown }) => void)[]; error: ((e: { message?: string }) => void)[] } = {
    message: [],
    error: [],
  };
  let terminated = false;
  const port: WorkerPort = {
    postMessage: (m) => void sent.push(m),
    addEventListener: (type: 'message' | 'error', listener: never) => void listeners[type].push(listener),
    terminate: () => void (terminated = true),
  };
  return {
    port,
    sent,
    reply: (data: WorkerReply) => listeners.message.forEach((l) => l({ data })),
    /** a message as an untrusted worker might send it */
    raw: (data: unknown) => listeners.message.forEach((l) => l({ data })),
    crash: (message: string) => listeners.error.forEach((l) => l({ message })),
    isTerminated: () => terminated,
  };
}

const cpu: BackendInfo = { backend: 'cpu', adapter: null };
const gpu: BackendInfo = {
  backend: 'webgpu',
  adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
};

describe('worker client', () => {
  it('sends jobs with fresh ids and resolves with the matching reply', async () => {
    const w = fakePort();
    const client = createClient(w.port, idSource());
    const job = client.run({ type: 'init' });
    expect(w.sent).toEqual([{ type: 'init', id: 1 }]);
    w.reply({ type: 'done', id: 1, job: 'init', result: gpu });
    await expect(job).resolves.toEqual(gpu);
  });

  it('latest job wins: the older one is cancelled and its late reply ignored', async () => {
    const w = fakePort();
    const client = createClient(w.port, idSource());
    const first = client.run({ type: 'init' });
    const second = client.run({ type: 'init' });
    expect(w.sent).toEqual([
      { type: 'init', id: 1 },
      { type: 'cancel', id: 1 },
      { type: 'init', id: 2 },
    ]);
    await expect(first).rejects.toMatchObject({ name: SUPERSEDED });
    w.reply({ type: 'done', id: 1, job: 'init', result: gpu }); // stale
    w.reply({ type: 'done', id: 2, job: 'init', result: cpu });
    await expect(second).resolves.toEqual(cpu);
  });

  it('counts what became of a cancelled job: ended when its last reply comes back, anything after that', async () => {
    const w = fakePort();
    const client = createClient(w.port, idSource());
    const job = client.run({ type: 'init' });
    client.cancel();
    await expect(job).rejects.toMatchObject({ name: SUPERSEDED });
    expect(client.cancellations?.()).toEqual({ cancelled: 1, ended: 0, afterEnd: 0 });
    w.reply({ type: 'progress', id: 1, progress: { kind: 'enumerate', evaluated: 1, total: 2 } }); // still running: not the end
    expect(client.cancellations?.()).toEqual({ cancelled: 1, ended: 0, afterEnd: 0 });
    w.reply({ type: 'done', id: 1, job: 'init', result: gpu }); // its last reply: the worker has ended it
    expect(client.cancellations?.()).toEqual({ cancelled: 1, ended: 1, afterEnd: 0 });
    w.reply({ type: 'progress', id: 1, progress: { kind: 'enumerate', evaluated: 2, total: 2 } }); // a worker that went on
    expect(client.cancellations?.()).toEqual({ cancelled: 1, ended: 1, afterEnd: 1 });
  });

  it('turns error replies and worker crashes into rejections', async () => {
    const w = fakePort();
    const client = createClient(w.port, idSource());
    const job = client.run({ type: 'init' });
    w.reply({ type: 'error', id: 1, message: 'no backend' });
    await expect(job).rejects.toThrow('no backend');
    const next = client.run({ type: 'init' });
    w.crash('boom');
    await expect(next).rejects.toThrow('worker failed: boom');
  });

  it('dispose rejects the job in flight and terminates the worker', async () => {
    const w = fakePort();
    const client = createClient(w.port, idSource());
    const job = client.run({ type: 'init' });
    client.dispose();
    await expect(job).rejects.toMatchObject({ name: SUPERSEDED });
    expect(w.isTerminated()).toBe(true);
  });
});

describe('worker replies are checked (a message is untrusted input)', () => {
  it('refuses, by field, a reply of another job kind, one without its result, and one of an unknown type', async () => {
    const w = fakePort();
    const client = createClient<TrainJob>(w.port, idSource());
    const wrongKind = client.run({ type: 'checkpointInfo' });
    w.reply({ type: 'done', id: 1, job: 'search', result: { reason: 'done', generation: null } });
    await expect(wrongKind).rejects.toThrow(
      'worker: job 1 (checkpointInfo) got a malformed reply: reply.job: "search" does not answer a "checkpointInfo" job',
    );
    const noResult = client.run({ type: 'init' });
    w.raw({ type: 'done', id: 2, job: 'init' });
    await expect(noResult).rejects.toThrow('worker: job 2 (init) got a malformed reply: reply.result: missing');
    const oldShape = client.run({ type: 'init' });
    w.raw({ type: 'ready', id: 3, info: cpu });
    await expect(oldShape).rejects.toThrow('reply.type: "ready" (must be progress, done or error)');
    const badProgress = client.run({ type: 'train', config: DEFAULT_TRAIN, resume: false });
    w.raw({ type: 'progress', id: 4, progress: 7 });
    await expect(badProgress).rejects.toThrow('reply.progress: missing, or without its kind');
    const badError = client.run({ type: 'init' });
    w.raw({ type: 'error', id: 5 });
    await expect(badError).rejects.toThrow('reply.message: missing');
  });

  it('drops messages that name no job it waits for, and a null result is a result', async () => {
    const w = fakePort();
    const client = createClient<TrainJob>(w.port, idSource());
    const job = client.run({ type: 'checkpointInfo' });
    for (const junk of [
      null,
      42,
      'done',
      [],
      { type: 'done' },
      { id: 'x', type: 'done' },
      { id: 99, type: 'done', job: 'init', result: cpu },
    ])
      w.raw(junk);
    expect(client.busy()).toBe(true);
    w.raw({ type: 'done', id: 1, job: 'checkpointInfo', result: null });
    await expect(job).resolves.toBeNull();
  });

  it("a client's job kinds are its worker's: posting a search to the training worker does not compile", () => {
    const w = fakePort();
    const train = createClient<TrainJob>(w.port, idSource());
    const search = createClient<SearchJob>(w.port, idSource());
    const config = { space: getSpace('mini'), system: getSystem('u55-mram'), objectives: ['accuracy'] } as const;
    // @ts-expect-error a search job is not a job of the training worker
    void train.run({ type: 'search', config, accuracy: { source: 'proxy' }, resume: false }).catch(() => undefined);
    // @ts-expect-error nor is a training job one of the search worker
    void search.run({ type: 'checkpointInfo' }).catch(() => undefined);
    void search.run({ type: 'search', config, accuracy: { source: 'proxy' }, resume: false }).catch(() => undefined);
    expect(w.sent.map((m) => m.type)).toEqual(['search', 'checkpointInfo', 'cancel', 'search']);
    train.cancel();
    search.cancel();
  });
});

describe('a failed worker', () => {
  it('rejects the jobs in flight of every client with the message; the next job goes to a new worker', async () => {
    const workers: ReturnType<typeof fakePort>[] = [];
    const port = restartingPort(() => {
      const w = fakePort();
      workers.push(w);
      return w.port;
    });
    const ids = idSource();
    const a = createClient(port, ids);
    const b = createClient(port, ids);
    const ja = a.run({ type: 'init' });
    const jb = b.run({ type: 'checkpointInfo' });
    expect(workers).toHaveLength(1);
    workers[0]?.crash('out of memory');
    await expect(ja).rejects.toThrow('worker failed: out of memory');
    await expect(jb).rejects.toThrow('worker failed: out of memory');
    expect(workers[0]?.isTerminated()).toBe(true);
    const next = a.run({ type: 'init' });
    expect(workers).toHaveLength(2);
    expect(workers[1]?.sent).toEqual([{ type: 'init', id: 3 }]);
    workers[0]?.reply({ type: 'done', id: 3, job: 'init', result: cpu }); // the dead worker is not listened to
    workers[1]?.reply({ type: 'done', id: 3, job: 'init', result: gpu });
    await expect(next).resolves.toEqual(gpu);
    expect(port.restarts()).toBe(1);
  });
});
