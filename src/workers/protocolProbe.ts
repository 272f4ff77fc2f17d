/**
 * What a backend probe means, for the worker and the page alike: the order the backends are tried
 * in, which one "auto" takes (`pickFastest`) and why, in words (`describeProbe`). Pure functions of
 * the protocol's `ProbeResult`, so the page's badge and settings show them without importing the
 * worker's backend selection (backend.ts, which re-exports them).
 */
import type { BackendName, ProbeResult } from './protocol';

/** Backends in probe order (and tie-break order). WASM is deliberately absent: it cannot train convolutions in TF.js 4.22. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/**
 * The backend "auto" takes: the one with the fastest measured probe; a tie goes to the earlier in
 * `BACKEND_ORDER`. null when no backend was measured.
 */
export function pickFastest(results: readonly ProbeResult[]): BackendName | null {
  type Timed = ProbeResult & { readonly ms: number };
  const timed = (r: ProbeResult | undefined): r is Timed => r !== undefined && r.ms !== null;
  let best: Timed | null = null;
  // a probe stopped at the limit was slower than that: it loses to every finished one
  const faster = (a: Timed, b: Timed): boolean => (a.stopped ? 1 : 0) < (b.stopped ? 1 : 0) || (a.stopped === b.stopped && a.ms < b.ms);
  for (const name of BACKEND_ORDER) {
    const r = results.find((x) => x.backend === name);
    if (timed(r) && (best === null || faster(r, best))) best = r;
  }
  return best?.backend ?? null;
}

/** A time in words: one decimal under 10 ms, whole milliseconds above. */
export const msText = (v: number): string => (v < 10 ? v.toFixed(1) : String(Math.round(v)));

/**
 * Why "auto" chose `chosen`, in words: "auto → CPU: 95 ms a probe step, against WebGL 140 ms
 * (software adapter), WebGPU 410 ms (software adapter)".
 */
export function describeProbe(chosen: BackendName, results: readonly ProbeResult[]): string {
  const others = results
    .filter((r) => r.backend !== chosen)
    .map((r) => {
      if (r.ms === null) return `${LABEL[r.backend]} ${r.error ?? 'not measured'}`;
      const software = r.adapter?.isFallbackAdapter ? ', software adapter' : '';
      if (r.stopped) return `${LABEL[r.backend]} over ${msText(r.ms)} ms (probe stopped${software})`;
      return `${LABEL[r.backend]} ${msText(r.ms)} ms${software ? ' (software adapter)' : ''}`;
    });
  const own = results.find((r) => r.backend === chosen);
  const head = `auto → ${LABEL[chosen]}`;
  if (!own || own.ms === null)
    return `${head}: the first backend that works (none could be measured${others.length ? `: ${others.join(', ')}` : ''})`;
  return `${head}: ${msText(own.ms)} ms a probe step${own.adapter?.isFallbackAdapter ? ' (software adapter)' : ''}${others.length ? `, against ${others.join(', ')}` : ''}`;
}
