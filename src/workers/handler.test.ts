import { describe, expect, it } from 'vitest';
import { createHandler, type Handler } from './handler';
import type { WorkerReply, WorkerRequest } from './protocol';

/** Handles one request and returns its final reply (the last one posted). */
async function reply1(handler: Handler, request: WorkerRequest): Promise<WorkerReply | undefined> {
  const posted: WorkerReply[] = [];
  await handler.handle(request, (r) => posted.push(r));
  return posted.at(-1);
}
import { describeWebGl, type GpuLike, type TfLike } from './backend';

/** A TF.js stand-in whose backends initialise only when listed in `working`. */
function fakeTf(working: readonly string[], backend: unknown = null): TfLike & { tried: string[] } {
  let current = '';
  const tried: string[] = [];
  return {
    tried,
    async setBackend(name) {
      tried.push(name);
      if (!working.includes(name)) return false;
      current = name;
      return true;
    },
    getBackend: () => current,
    backend: () => backend,
  };
}

const swiftShader: GpuLike = {
  requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } }),
};

describe('worker handler: backend selection', () => {
  it('prefers WebGPU and reports the adapter, fallback flag included', async () => {
    const tf = fakeTf(['webgpu', 'webgl', 'cpu']);
    const reply = await reply1(createHandler({ loadTf: async () => tf, gpu: swiftShader }), { type: 'init', id: 7 });
    expect(reply).toEqual({
      type: 'done',
      id: 7,
      job: 'init',
      result: { backend: 'webgpu', adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } },
    });
  });

  it('reads isFallbackAdapter from the adapter when info lacks it, and old requestAdapterInfo()', async () => {
    const gpu: GpuLike = {
      requestAdapter: async () => ({ isFallbackAdapter: true, requestAdapterInfo: async () => ({ vendor: 'v', architecture: 'a' }) }),
    };
    const reply = await reply1(createHandler({ loadTf: async () => fakeTf(['webgpu']), gpu }), { type: 'init', id: 1 });
    expect(reply).toMatchObject({
      type: 'done',
      job: 'init',
      result: { adapter: { vendor: 'v', architecture: 'a', description: '', isFallbackAdapter: true } },
    });
  });

  it('skips WebGPU without an adapter and describes the WebGL renderer', async () => {
    const gl = {
      getExtension: () => ({}),
      getParameter: (p: number) => (p === 0x9246 ? 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))' : 'Google Inc.'),
    };
    const tf = fakeTf(['webgpu', 'webgl', 'cpu'], { gpgpu: { gl } });
    const gpu: GpuLike = { requestAdapter: async () => null };
    const reply = await reply1(createHandler({ loadTf: async () => tf, gpu }), { type: 'init', id: 2 });
    expect(tf.tried).toEqual(['webgl']);
    expect(reply).toMatchObject({
      type: 'done',
      job: 'init',
      result: { backend: 'webgl', adapter: { vendor: 'Google Inc.', isFallbackAdapter: true } },
    });
  });

  it('falls back to CPU (never WASM) when no GPU backend initialises', async () => {
    const tf = fakeTf(['cpu', 'wasm']);
    const reply = await reply1(createHandler({ loadTf: async () => tf, gpu: swiftShader }), { type: 'init', id: 3 });
    expect(tf.tried).toEqual(['webgpu', 'webgl', 'cpu']);
    expect(reply).toEqual({ type: 'done', id: 3, job: 'init', result: { backend: 'cpu', adapter: null } });
  });

  it('reports an error reply when nothing initialises', async () => {
    const reply = await reply1(createHandler({ loadTf: async () => fakeTf([]), gpu: undefined }), { type: 'init', id: 4 });
    expect(reply).toMatchObject({ type: 'error', id: 4 });
  });

  it('picks the CPU backend of the real TF.js in Node', async () => {
    const handler = createHandler({ loadTf: async () => import('@tensorflow/tfjs'), gpu: undefined });
    expect(await reply1(handler, { type: 'init', id: 5 })).toEqual({
      type: 'done',
      id: 5,
      job: 'init',
      result: { backend: 'cpu', adapter: null },
    });
  });

  it('honours a chosen backend and says when it is unavailable', async () => {
    const tf = fakeTf(['webgpu', 'webgl', 'cpu']);
    expect(await reply1(createHandler({ loadTf: async () => tf, gpu: swiftShader }), { type: 'init', id: 8, prefer: 'cpu' })).toEqual({
      type: 'done',
      id: 8,
      job: 'init',
      result: { backend: 'cpu', adapter: null },
    });
    expect(tf.tried).toEqual(['cpu']);
    const none: GpuLike = { requestAdapter: async () => null };
    expect(
      await reply1(createHandler({ loadTf: async () => fakeTf(['cpu']), gpu: none }), { type: 'init', id: 9, prefer: 'webgpu' }),
    ).toEqual({ type: 'error', id: 9, message: 'backend: webgpu is not available in this browser (no WebGPU adapter); choose auto' });
  });

  it('describeWebGl returns null when the backend has no GL context', () => {
    expect(describeWebGl({})).toBeNull();
  });
});

describe('worker handler: pause and cancel reach the running job', () => {
  it('a pause message for job n is seen by job n between its steps, and by no other job', async () => {
    let sawPause: boolean[] = [];
    const session = {
      async train(_c: unknown, _r: boolean, job: { paused(): boolean; cancelled(): boolean }) {
        for (let i = 0; i < 3; i++) {
          sawPause.push(job.paused());
          await new Promise((r) => setTimeout(r, 5));
        }
        return { reason: job.paused() ? 'paused' : 'done', step: 3, checkpointStep: 3 } as const;
      },
    };
    const handler = createHandler({ loadTf: async () => fakeTf(['cpu']), gpu: undefined, createSession: () => session as never });
    const posted: WorkerReply[] = [];
    const run = handler.handle({ type: 'train', id: 11, config: {} as never, resume: false }, (r) => posted.push(r));
    await new Promise((r) => setTimeout(r, 2));
    await handler.handle({ type: 'pause', id: 11 }, (r) => posted.push(r));
    await handler.handle({ type: 'cancel', id: 99 }, (r) => posted.push(r));
    await run;
    expect(sawPause).toEqual([false, true, true]);
    expect(posted).toEqual([{ type: 'done', id: 11, job: 'train', result: { reason: 'paused', step: 3, checkpointStep: 3 } }]);
    // the next job starts clean
    sawPause = [];
    await handler.handle({ type: 'train', id: 12, config: {} as never, resume: false }, () => undefined);
    expect(sawPause).toEqual([false, false, false]);
  });
});

describe('worker handler: a lost device', () => {
  it('stops the session and selects the backend again for the next job', async () => {
    const tf = fakeTf(['webgpu', 'webgl', 'cpu']);
    const failed: string[] = [];
    const seen: string[] = [];
    const session = { fail: (m: string) => void failed.push(m), checkpointInfo: async () => null };
    const handler = createHandler({
      loadTf: async () => tf,
      gpu: swiftShader,
      createSession: () => session as never,
      onBackend: (i) => void seen.push(i.backend),
    });
    await reply1(handler, { type: 'init', id: 1, prefer: 'webgpu' });
    expect(await reply1(handler, { type: 'checkpointInfo', id: 2 })).toEqual({ type: 'done', id: 2, job: 'checkpointInfo', result: null });
    expect(tf.tried).toEqual(['webgpu']);
    handler.deviceLost('GPU device lost (unknown)');
    expect(failed).toEqual(['GPU device lost (unknown)']);
    await reply1(handler, { type: 'checkpointInfo', id: 3 });
    expect(tf.tried).toEqual(['webgpu', 'webgpu']);
    expect(seen).toEqual(['webgpu', 'webgpu']);
  });
});
