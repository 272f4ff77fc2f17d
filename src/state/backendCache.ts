/**
 * What "auto" measured on this device, kept in localStorage so that the next visit does not spend
 * its first seconds probing again: the pick, each backend's probe and when. It is reused only by the
 * same browser (user agent) within MAX_AGE_MS; a pick that no longer initialises is dropped and
 * measured afresh; "Measure again" in the training panel ignores it. Storage errors are swallowed
 * (nothing is kept), and whatever is read is checked field by field, never trusted.
 */
import type { BackendName, ProbeResult } from '../workers/protocol';
import type { KeyValueStore } from './orientation';

export const BACKEND_CACHE_KEY = 'h4h.backend.auto';
/** A week: drivers and browsers change; an old measurement is taken again. */
export const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export interface CachedPick {
  readonly backend: BackendName;
  readonly probe: readonly ProbeResult[];
  /** epoch ms of the measurement */
  readonly at: number;
  /** navigator.userAgent of the browser that measured it */
  readonly agent: string;
}

const BACKENDS: readonly string[] = ['webgpu', 'webgl', 'cpu'];
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const numOrNull = (x: unknown): boolean => x === null || isNum(x);
const strOrNull = (x: unknown): boolean => x === null || (typeof x === 'string' && x.length <= 400);

function isProbe(x: unknown): x is ProbeResult {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  const a = p.adapter as Record<string, unknown> | null | undefined;
  const adapterOk =
    a === null ||
    (typeof a === 'object' &&
      a !== undefined &&
      typeof a.isFallbackAdapter === 'boolean' &&
      ['vendor', 'architecture', 'description'].every((k) => typeof a[k] === 'string' && (a[k] as string).length <= 400));
  return (
    typeof p.backend === 'string' &&
    BACKENDS.includes(p.backend) &&
    numOrNull(p.ms) &&
    typeof p.stopped === 'boolean' &&
    numOrNull(p.warmupMs) &&
    adapterOk &&
    strOrNull(p.error)
  );
}

/** The kept pick when it is whole, of this browser and recent; else null. */
export function readCachedPick(storage: Pick<KeyValueStore, 'getItem'> | null, agent: string, now: number): CachedPick | null {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(BACKEND_CACHE_KEY) ?? null;
  } catch {
    return null;
  }
  if (raw === null || raw.length > 20_000) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const c = v as Record<string, unknown>;
  if (typeof c.backend !== 'string' || !BACKENDS.includes(c.backend) || !isNum(c.at) || typeof c.agent !== 'string') return null;
  if (!Array.isArray(c.probe) || c.probe.length === 0 || c.probe.length > 3 || !c.probe.every(isProbe)) return null;
  if (c.agent !== agent || now - c.at < 0 || now - c.at > MAX_AGE_MS) return null;
  return { backend: c.backend as BackendName, probe: c.probe, at: c.at, agent: c.agent };
}

export function writeCachedPick(storage: KeyValueStore | null, pick: CachedPick): void {
  try {
    storage?.setItem(BACKEND_CACHE_KEY, JSON.stringify(pick));
  } catch {
    // storage full or blocked: the next visit measures again
  }
}

export function clearCachedPick(storage: (KeyValueStore & { removeItem?(key: string): void }) | null): void {
  try {
    storage?.removeItem?.(BACKEND_CACHE_KEY);
  } catch {
    // nothing kept, nothing to clear
  }
}
