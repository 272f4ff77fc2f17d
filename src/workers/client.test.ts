import { describe, expect, it } from 'vitest';
import { createClient, idSource, SUPERSEDED, type WorkerPort } from './client';
import { restartingPort } from './restartingPort';
import type { BackendInfo, WorkerReply, WorkerRequest } from './protocol';

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
    w.reply({ type: 'ready', id: 1, info: gpu });
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
    w.reply({ type: 'ready', id: 1, info: gpu }); // stale
    w.reply({ type: 'ready', id: 2, info: cpu });
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
    w.reply({ type: 'ready', id: 1, info: gpu }); // its last reply: the worker has ended it
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
    workers[0]?.reply({ type: 'ready', id: 3, info: cpu }); // the dead worker is not listened to
    workers[1]?.reply({ type: 'ready', id: 3, info: gpu });
    await expect(next).resolves.toEqual(gpu);
    expect(port.restarts()).toBe(1);
  });
});
