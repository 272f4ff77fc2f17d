/**
 * Backend selection for TF.js, written against small structural interfaces so that it runs (and is
 * tested) without a Worker, a GPU or TF.js itself. `tf.worker.ts` wires in the real ones.
 */
import type { AdapterInfo, BackendChoice, BackendInfo, BackendName } from './protocol';

/** The part of TF.js this module needs. */
export interface TfLike {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
  backend(): unknown;
}

/** The parts of `GPUAdapterInfo` / `GPUAdapter` we read; older Chromium had `requestAdapterInfo()`. */
interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}
export interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  requestAdapterInfo?(): Promise<GpuAdapterInfoLike>;
}
export interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}

/** The part of a WebGL context we read for the renderer string. */
interface GlLike {
  getExtension(name: string): unknown;
  getParameter(pname: number): unknown;
}

const GL_VENDOR = 0x1f00;
const GL_RENDERER = 0x1f01;
const UNMASKED_VENDOR_WEBGL = 0x9245;
const UNMASKED_RENDERER_WEBGL = 0x9246;

/** Backends in order of preference. WASM is deliberately absent: it cannot train convolutions in TF.js 4.22. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

/** Reads the adapter description, wherever this Chromium version keeps it. */
export async function describeGpuAdapter(adapter: GpuAdapterLike): Promise<AdapterInfo> {
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
}

/** Renderer of TF.js's WebGL context; SwiftShader (software) is flagged as a fallback adapter. */
export function describeWebGl(tfBackend: unknown): AdapterInfo | null {
  const gl = (tfBackend as { gpgpu?: { gl?: GlLike } } | null)?.gpgpu?.gl;
  if (!gl) return null;
  const unmasked = gl.getExtension('WEBGL_debug_renderer_info') !== null;
  const vendor = String(gl.getParameter(unmasked ? UNMASKED_VENDOR_WEBGL : GL_VENDOR) ?? '');
  const renderer = String(gl.getParameter(unmasked ? UNMASKED_RENDERER_WEBGL : GL_RENDERER) ?? '');
  return {
    vendor,
    architecture: '',
    description: renderer,
    isFallbackAdapter: /swiftshader|llvmpipe|software/i.test(renderer),
  };
}

/**
 * Picks the first backend that initialises, in `BACKEND_ORDER` (or only `prefer`), and describes its
 * adapter. WebGPU is tried only when the browser hands out an adapter at all.
 */
export async function selectBackend(tf: TfLike, gpu: GpuLike | undefined, prefer: BackendChoice = 'auto'): Promise<BackendInfo> {
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  const order = prefer === 'auto' ? BACKEND_ORDER : [prefer];
  for (const name of order) {
    if (name === 'webgpu' && !adapter) continue;
    if (!(await tf.setBackend(name).catch(() => false))) continue;
    if (name === 'webgpu' && adapter) return { backend: name, adapter: await describeGpuAdapter(adapter) };
    if (name === 'webgl') return { backend: name, adapter: describeWebGl(tf.backend()) };
    return { backend: name, adapter: null };
  }
  if (prefer !== 'auto') throw new Error(`backend: ${prefer} is not available in this browser${prefer === 'webgpu' && !adapter ? ' (no WebGPU adapter)' : ''}; choose auto`);
  throw new Error(`no TF.js backend initialised (tried ${BACKEND_ORDER.join(', ')})`);
}
