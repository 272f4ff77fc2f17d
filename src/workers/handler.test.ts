import { describe, expect, it } from 'vitest';
import { createHandler } from './handler';
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
    const reply = await createHandler({ loadTf: async () => tf, gpu: swiftShader }).handle({ type: 'init', id: 7 });
    expect(reply).toEqual({
      type: 'ready',
      id: 7,
      info: { backend: 'webgpu', adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true } },
    });
  });

  it('reads isFallbackAdapter from the adapter when info lacks it, and old requestAdapterInfo()', async () => {
    const gpu: GpuLike = {
      requestAdapter: async () => ({ isFallbackAdapter: true, requestAdapterInfo: async () => ({ vendor: 'v', architecture: 'a' }) }),
    };
    const reply = await createHandler({ loadTf: async () => fakeTf(['webgpu']), gpu }).handle({ type: 'init', id: 1 });
    expect(reply).toMatchObject({ info: { adapter: { vendor: 'v', architecture: 'a', description: '', isFallbackAdapter: true } } });
  });

  it('skips WebGPU without an adapter and describes the WebGL renderer', async () => {
    const gl = {
      getExtension: () => ({}),
      getParameter: (p: number) => (p === 0x9246 ? 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))' : 'Google Inc.'),
    };
    const tf = fakeTf(['webgpu', 'webgl', 'cpu'], { gpgpu: { gl } });
    const gpu: GpuLike = { requestAdapter: async () => null };
    const reply = await createHandler({ loadTf: async () => tf, gpu }).handle({ type: 'init', id: 2 });
    expect(tf.tried).toEqual(['webgl']);
    expect(reply).toMatchObject({ info: { backend: 'webgl', adapter: { vendor: 'Google Inc.', isFallbackAdapter: true } } });
  });

  it('falls back to CPU (never WASM) when no GPU backend initialises', async () => {
    const tf = fakeTf(['cpu', 'wasm']);
    const reply = await createHandler({ loadTf: async () => tf, gpu: swiftShader }).handle({ type: 'init', id: 3 });
    expect(tf.tried).toEqual(['webgpu', 'webgl', 'cpu']);
    expect(reply).toEqual({ type: 'ready', id: 3, info: { backend: 'cpu', adapter: null } });
  });

  it('reports an error reply when nothing initialises', async () => {
    const reply = await createHandler({ loadTf: async () => fakeTf([]), gpu: undefined }).handle({ type: 'init', id: 4 });
    expect(reply).toMatchObject({ type: 'error', id: 4 });
  });

  it('picks the CPU backend of the real TF.js in Node', async () => {
    const handler = createHandler({ loadTf: async () => import('@tensorflow/tfjs'), gpu: undefined });
    expect(await handler.handle({ type: 'init', id: 5 })).toEqual({ type: 'ready', id: 5, info: { backend: 'cpu', adapter: null } });
  });

  it('describeWebGl returns null when the backend has no GL context', () => {
    expect(describeWebGl({})).toBeNull();
  });
});
