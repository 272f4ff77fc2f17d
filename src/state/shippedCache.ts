/**
 * Subnet accuracies measured with a shipped supernet, kept in localStorage so that a returning
 * visitor (or a second tab) does not measure the same subnet again. A measurement is deterministic
 * for given weights, so it is keyed by `measureKey` (the supernet's id and SHA-256 prefix and the
 * subnet): new weights never match an old entry. At most MAX_KEPT entries (the latest), at most
 * MAX_RAW characters read; whatever is read is checked field by field, and storage errors are
 * swallowed (nothing is kept).
 */
import type { KeyValueStore } from './orientation';

export const SHIPPED_CACHE_KEY = 'h4h.shipped.measured';
export const MAX_KEPT = 200;
const MAX_RAW = 100_000;
const MAX_KEY = 400;

export interface KeptMeasure {
  readonly accuracy: number;
  readonly images: number;
  readonly step: number;
}

type Entries = [string, KeptMeasure][];

const isKept = (x: unknown): x is KeptMeasure => {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return (
    typeof m.accuracy === 'number' &&
    m.accuracy >= 0 &&
    m.accuracy <= 1 &&
    typeof m.images === 'number' &&
    Number.isInteger(m.images) &&
    m.images >= 1 &&
    m.images <= 1_000_000 &&
    typeof m.step === 'number' &&
    Number.isInteger(m.step) &&
    m.step >= 0 &&
    m.step <= 10_000_000
  );
};

/** The kept entries, oldest first; [] where nothing (valid) is kept. Invalid entries are skipped. */
export function readKept(storage: Pick<KeyValueStore, 'getItem'> | null): Entries {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(SHIPPED_CACHE_KEY) ?? null;
  } catch {
    return [];
  }
  if (raw === null || raw.length > MAX_RAW) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const out: Entries = [];
  for (const e of v.slice(-MAX_KEPT)) {
    if (Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && e[0].length <= MAX_KEY && isKept(e[1])) {
      out.push([e[0], { accuracy: e[1].accuracy, images: e[1].images, step: e[1].step }]);
    }
  }
  return out;
}

/** The kept measurement under `key`, or null. */
export function keptMeasure(storage: Pick<KeyValueStore, 'getItem'> | null, key: string): KeptMeasure | null {
  return readKept(storage).find(([k]) => k === key)?.[1] ?? null;
}

/** Keeps `m` under `key` (replacing an older one), dropping the oldest beyond MAX_KEPT. */
export function keepMeasure(storage: KeyValueStore | null, key: string, m: KeptMeasure): void {
  if (!storage || key.length > MAX_KEY) return;
  const entries = readKept(storage).filter(([k]) => k !== key);
  entries.push([key, { accuracy: m.accuracy, images: m.images, step: m.step }]);
  try {
    storage.setItem(SHIPPED_CACHE_KEY, JSON.stringify(entries.slice(-MAX_KEPT)));
  } catch {
    // storage full or blocked: the next visit measures again
  }
}
