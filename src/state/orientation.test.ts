import { describe, expect, it } from 'vitest';
import { dismissIntro, introMode, orientationStore, showIntro, startOrientation, type KeyValueStore } from './orientation';

/** A Storage stand-in: a Map, or one that throws like a blocked origin's. */
const mapStorage = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
};
const blocked: KeyValueStore = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('SecurityError');
  },
};

describe('introduction', () => {
  it('a card on a fresh visit, a banner over a shared link, nothing once dismissed', () => {
    const s = mapStorage();
    expect(introMode(false, s)).toBe('card');
    expect(introMode(true, s)).toBe('banner');
    startOrientation(false, s);
    expect(orientationStore.getState().intro).toBe('card');
    dismissIntro(s);
    expect(orientationStore.getState().intro).toBe('none');
    expect(s.map.get('h4h.intro.dismissed')).toBe('1');
    expect(introMode(false, s)).toBe('none');
    expect(introMode(true, s)).toBe('none');
    showIntro();
    expect(orientationStore.getState().intro).toBe('card');
  });

  it('storage that throws (or none) is a first visit, and dismissing still hides it for this visit', () => {
    expect(introMode(false, blocked)).toBe('card');
    expect(introMode(false, null)).toBe('card');
    startOrientation(false, blocked);
    expect(() => dismissIntro(blocked)).not.toThrow();
    expect(orientationStore.getState().intro).toBe('none');
  });
});
