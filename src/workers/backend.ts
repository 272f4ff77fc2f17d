/**
 * Backend selection for TF.js, written against small structural interfaces so that it runs (and is
 * tested) without a Worker, a GPU or TF.js itself. `tf.worker.ts` wires in the real ones.
 */
import type { AdapterInfo, BackendChoice, BackendInfo, BackendName, ProbeResult } from './protocol';
import { BACKEND_ORDER, msText, pickFastest } from './protocolProbe';

export { BACKEND_ORDER, describeProbe, pickFastest } from './protocolProbe';

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
  return { vendor, architecture: '', description: renderer, isFallbackAdapter: /swiftshader|llvmpipe|software/i.test(renderer) };
}

/** What `selectBackend` needs to measure the backends ("auto"). */
export interface Prober {
  /** times the probe on the backend TF.js runs now (src/train/probe.ts); returns early once `stop()` */
  probe(stop: () => boolean): Promise<{ readonly ms: number; readonly warmupMs: number }>;
  /** resolves after `ms` (setTimeout) */
  sleep(ms: number): Promise<void>;
  /** a backend whose probe takes longer is given up on (ms) */
  readonly limitMs: number;
}

/** The order the backends are probed in. */
const PROBE_ORDER: readonly BackendName[] = ['cpu', 'webgl', 'webgpu'];

/** The adapter of the backend TF.js now runs. */
async function adapterOf(tf: TfLike, name: BackendName, adapter: GpuAdapterLike | null): Promise<AdapterInfo | null> {
  if (name === 'webgpu' && adapter) return describeGpuAdapter(adapter);
  if (name === 'webgl') return describeWebGl(tf.backend());
  return null;
}

/**
 * How long a backend probed after the CPU may take: a probe's timed run is about half its warm-up
 * plus a run (the kernels of one of the two blocks are new each run), so a backend that has not
 * finished its warm-up and a timed run in 4× the CPU's run time could not have beaten the CPU. At
 * least 500 ms (noise), at most `limitMs`.
 */
export function limitAfterCpu(cpu: ProbeResult | undefined, limitMs: number): number {
  if (!cpu || cpu.ms === null || cpu.stopped) return limitMs;
  return Math.min(limitMs, Math.max(500, 4 * cpu.ms));
}

/** Initialises `name` and times the probe on it, within `limitMs`. */
async function probeOne(
  tf: TfLike,
  name: BackendName,
  adapter: GpuAdapterLike | null,
  prober: Prober,
  limitMs: number,
): Promise<ProbeResult> {
  const none = (error: string, info: AdapterInfo | null = null): ProbeResult => ({
    backend: name,
    ms: null,
    warmupMs: null,
    stopped: false,
    adapter: info,
    error,
  });
  if (name === 'webgpu' && !adapter) return none('no adapter');
  if (!(await tf.setBackend(name).catch(() => false))) return none('did not initialise');
  const info = await adapterOf(tf, name, adapter);
  let stopped = false;
  const over = prober.sleep(limitMs).then(() => 'over' as const);
  try {
    const timing = await Promise.race([prober.probe(() => stopped), over]);
    if (timing === 'over')
      return { backend: name, ms: limitMs, warmupMs: null, stopped: true, adapter: info, error: `probe over ${msText(limitMs / 1000)} s` };
    return { backend: name, ms: timing.ms, warmupMs: timing.warmupMs, stopped: false, adapter: info, error: null };
  } catch (e) {
    return none(`probe failed (${e instanceof Error ? e.message : String(e)})`, info);
  } finally {
    stopped = true; // a probe still running stops before its next run
  }
}

/**
 * Picks the backend. "auto" with a `prober`: every backend of `BACKEND_ORDER` that initialises is
 * probed, and the fastest measured is taken (a software adapter only when it is the fastest); the
 * reply carries the measurements. "auto" without one: the first that initialises. Any other choice:
 * that backend only. WebGPU is tried only when the browser hands out an adapter at all.
 */
export async function selectBackend(
  tf: TfLike,
  gpu: GpuLike | undefined,
  prefer: BackendChoice = 'auto',
  prober?: Prober,
): Promise<BackendInfo> {
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  if (prefer === 'auto' && prober) {
    // the CPU first: a GPU probe given up on may still be computing (SwiftShader runs on the CPU)
    const measured = new Map<BackendName, ProbeResult>();
    for (const name of PROBE_ORDER)
      measured.set(name, await probeOne(tf, name, adapter, prober, limitAfterCpu(measured.get('cpu'), prober.limitMs)));
    const probe = BACKEND_ORDER.map((name) => measured.get(name) as ProbeResult);
    const fastest = pickFastest(probe);
    // nothing measured (every probe failed): the first backend that initialises
    const order = fastest ? [fastest, ...BACKEND_ORDER.filter((b) => b !== fastest)] : BACKEND_ORDER;
    for (const name of order) {
      if (name === 'webgpu' && !adapter) continue;
      if (await tf.setBackend(name).catch(() => false)) return { backend: name, adapter: await adapterOf(tf, name, adapter), probe };
    }
    throw new Error(`no TF.js backend initialised (tried ${BACKEND_ORDER.join(', ')})`);
  }
  const order = prefer === 'auto' ? BACKEND_ORDER : [prefer];
  for (const name of order) {
    if (name === 'webgpu' && !adapter) continue;
    if (!(await tf.setBackend(name).catch(() => false))) continue;
    return { backend: name, adapter: await adapterOf(tf, name, adapter) };
  }
  if (prefer !== 'auto')
    throw new Error(
      `backend: ${prefer} is not available in this browser${prefer === 'webgpu' && !adapter ? ' (no WebGPU adapter)' : ''}; choose auto`,
    );
  throw new Error(`no TF.js backend initialised (tried ${BACKEND_ORDER.join(', ')})`);
}
