import { describe, expect, it } from 'vitest';
import { BACKEND_CACHE_KEY, MAX_AGE_MS, readCachedPick, writeCachedPick, type CachedPick } from './backendCache';

function memory(): { getItem(k: string): string | null; setItem(k: string, v: string): void; data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const PICK: CachedPick = {
  backend: 'cpu',
  probe: [
    {
      backend: 'webgpu',
      ms: 2000,
      stopped: true,
      warmupMs: 3100,
      adapter: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
      error: null,
    },
    { backend: 'webgl', ms: null, stopped: false, warmupMs: null, adapter: null, error: 'no WebGL' },
    { backend: 'cpu', ms: 290, stopped: false, warmupMs: 410, adapter: null, error: null },
  ],
  at: 1_000_000,
  agent: 'Chromium/1',
};

describe('the kept backend measurement', () => {
  it('is read back whole by the same browser within a week', () => {
    const s = memory();
    writeCachedPick(s, PICK);
    expect(readCachedPick(s, 'Chromium/1', PICK.at + 1000)).toEqual(PICK);
    expect(readCachedPick(s, 'Chromium/1', PICK.at + MAX_AGE_MS)).toEqual(PICK);
  });

  it('is not used by another browser, after a week, from the future, or with nothing kept', () => {
    const s = memory();
    expect(readCachedPick(s, 'Chromium/1', PICK.at)).toBeNull();
    writeCachedPick(s, PICK);
    expect(readCachedPick(s, 'Firefox/2', PICK.at)).toBeNull();
    expect(readCachedPick(s, 'Chromium/1', PICK.at + MAX_AGE_MS + 1)).toBeNull();
    expect(readCachedPick(s, 'Chromium/1', PICK.at - 1)).toBeNull();
    expect(readCachedPick(null, 'Chromium/1', PICK.at)).toBeNull();
  });

  it('refuses what is not a measurement: bad JSON, an unknown backend, a malformed probe, a huge value', () => {
    const s = memory();
    const bad = (v: unknown): CachedPick | null => {
      s.setItem(BACKEND_CACHE_KEY, typeof v === 'string' ? v : JSON.stringify(v));
      return readCachedPick(s, 'Chromium/1', PICK.at);
    };
    expect(bad('{not json')).toBeNull();
    expect(bad({ ...PICK, backend: 'wasm' })).toBeNull();
    expect(bad({ ...PICK, probe: [] })).toBeNull();
    expect(bad({ ...PICK, probe: [{ ...PICK.probe[2], ms: 'fast' }] })).toBeNull();
    expect(bad({ ...PICK, probe: [{ ...PICK.probe[0], adapter: { vendor: 1 } }] })).toBeNull();
    expect(bad({ ...PICK, at: 'yesterday' })).toBeNull();
    expect(bad('x'.repeat(20_001))).toBeNull();
    expect(bad(PICK)).toEqual(PICK);
  });

  it('storage that throws keeps nothing and reads nothing, without an error', () => {
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(() => writeCachedPick(throwing, PICK)).not.toThrow();
    expect(readCachedPick(throwing, 'Chromium/1', PICK.at)).toBeNull();
  });
});
