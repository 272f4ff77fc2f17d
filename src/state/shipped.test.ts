import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRng, fitRidge, getSpace, predict, proxyAccuracy, sampleGenome, smallestGenome } from '../core';
import { createClient, type WorkerPort } from '../workers/client';
import type { ShippedInfo, WorkerReply, WorkerRequest } from '../workers/protocol';
import { createSearchHandler } from '../workers/searchHandler';
import { pageSupernet } from './linkSupernet';
import { connectSearch, followInputs, resetSearch, searchStore, setSearchSettings, startSearch } from './search';
import { connectShipped, loadShipped, measureShipped, measureShippedValue, shippedStore, supernetTag } from './shipped';
import { resetInputs, setSpace } from './store';
import { initialTraining, trainingStore } from './training';

/** A port whose replies come on later macrotasks, as a Worker's do. */
function port(answer: (m: WorkerRequest) => WorkerReply | null): WorkerPort {
  const listeners: ((e: { data: unknown }) => void)[] = [];
  return {
    postMessage: (m: WorkerRequest) => {
      const reply = answer(m);
      if (reply) setTimeout(() => listeners.forEach((l) => l({ data: reply })), 0);
    },
    addEventListener: (type: 'message' | 'error', l: never) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => undefined,
  };
}

const searchPort = (): WorkerPort => {
  const handler = createSearchHandler({
    now: () => performance.now(),
    yieldNow: () => new Promise((r) => setTimeout(r, 0)),
    reportEveryMs: 0,
  });
  const listeners: ((e: { data: unknown }) => void)[] = [];
  return {
    postMessage: (m: WorkerRequest) =>
      void setTimeout(() => void handler.handle(m, (reply) => setTimeout(() => listeners.forEach((l) => l({ data: reply })), 0)), 0),
    addEventListener: (type: 'message' | 'error', l: never) => {
      if (type === 'message') listeners.push(l);
    },
    terminate: () => undefined,
  };
};

const mini = getSpace('mini');
const rng = createRng(5);
const predictor = fitRidge(
  mini,
  Array.from({ length: 40 }, () => {
    const genome = sampleGenome(mini, rng);
    return { genome, accuracy: 0.6 + (genome.stages[1]?.c ?? 0) / 200 };
  }),
);
const tau = { heldOut: 100, kendallTau: 0.8, splits: 20, mean: 0.78, min: 0.7, max: 0.85, sd: 0.03 };
const sha = 'ab12cd34'.repeat(8);
const info: ShippedInfo = {
  entry: {
    id: 'mini-test',
    label: 'test',
    space: 'mini',
    dataset: 'fashion-mnist',
    steps: 77,
    configHash: '00000000',
    command: 'test',
    weights: { file: 'w.safetensors', bytes: 1, sha256: sha },
    log: { file: 'l.json', bytes: 1, sha256: sha },
    predictor: { file: 'p.json', bytes: 1, sha256: sha },
    evaluation: { split: 'val', images: 100, calibrationImages: 10, largest: 0.9, smallest: 0.8 },
  },
  predictor: {
    format: 'h4h-predictor/1',
    space: 'mini',
    supernet: 'mini-test',
    weightsSha256: sha,
    predictor,
    samples: [],
    evaluation: { split: 'val', images: 100, calibrationImages: 10 },
    validation: tau,
    macBaseline: tau,
  },
};

let asked: WorkerRequest[] = [];
const shippedPort = (): WorkerPort =>
  port((m) => {
    asked.push(m);
    if (m.type === 'shippedInfo') return { type: 'done', id: m.id, job: 'shippedInfo', result: m.space === 'mini' ? info : null };
    if (m.type === 'shippedEvaluate')
      return {
        type: 'done',
        id: m.id,
        job: 'shippedEvaluate',
        result: { genome: m.genome, accuracy: 0.75, split: 'val', images: 100, step: 77 },
      };
    return null;
  });

const until = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let stop: () => void = () => undefined;
beforeEach(() => {
  resetInputs();
  resetSearch();
  trainingStore.setState(initialTraining());
  shippedStore.setState({ loads: {}, measured: {}, logs: {} });
  asked = [];
  const p = shippedPort();
  connectShipped(() => ({ info: createClient(p), measure: createClient(p) }));
  stop = followInputs();
});
afterEach(() => stop());

describe('the shipped supernet in the page', () => {
  it('a fresh page searches on the shipped predictor (its numbers, labelled with its provenance), loaded once', async () => {
    connectSearch(createClient(searchPort()));
    expect(searchStore.getState().settings.accuracy).toBe('predictor');
    expect(setSearchSettings({ population: 12, generations: 3 })).toEqual([]);
    await startSearch();
    const s = searchStore.getState();
    expect(s.status).toBe('done');
    expect(s.context?.accuracy).toBe('predictor');
    expect(s.context?.accuracyFrom).toContain(
      'shipped predictor of mini-test (77 steps, SHA-256 ab12cd34…); Kendall τ 0.78 on 100 held-out subnets, mean of 20 splits (MACs alone 0.78)',
    );
    for (const p of s.front) expect(p.metrics.accuracy).toBe(Math.min(1, Math.max(0, predict(predictor, mini, p.genome))));
    await startSearch();
    expect(asked.filter((m) => m.type === 'shippedInfo')).toHaveLength(1);
    expect(pageSupernet()).toBe(`mini-test.${sha.slice(0, 8)}`);
    expect(supernetTag(info)).toBe('mini-test.ab12cd34');
  });

  it('a space without a shipped supernet searches on the proxy, labelled, and asks the worker nothing', async () => {
    connectSearch(createClient(searchPort()));
    setSpace('nasvit');
    expect(setSearchSettings({ population: 8, generations: 2 })).toEqual([]);
    await startSearch();
    const s = searchStore.getState();
    expect(s.context?.accuracy).toBe('proxy');
    expect(s.context?.accuracyFrom).toBeUndefined();
    const nasvit = getSpace('nasvit');
    for (const p of s.front) expect(p.metrics.accuracy).toBe(proxyAccuracy(nasvit, p.genome));
    expect(asked).toHaveLength(0);
    expect(pageSupernet('nasvit')).toBeNull();
  });

  it('a trimmed space the predictor was not fitted on falls back to the proxy', async () => {
    connectSearch(createClient(searchPort()));
    await loadShipped('mini');
    expect(setSearchSettings({ population: 8, generations: 2, trims: { r: [28] } })).toEqual([]);
    await startSearch();
    expect(searchStore.getState().context?.accuracy).toBe('proxy');
  });

  it('measures a subnet once per supernet: a second request for it is answered from the cache', async () => {
    const g = smallestGenome(mini);
    await measureShipped('mini', g);
    await measureShipped('mini', g);
    const m = Object.values(shippedStore.getState().measured);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ state: 'ready', result: { accuracy: 0.75, images: 100, step: 77 } });
    expect(asked.filter((r) => r.type === 'shippedEvaluate')).toHaveLength(1);
  });

  it("a measurement is kept in the page's storage: the next visit (a fresh store) shows it without measuring; other weights do not match it", async () => {
    const kept = new Map<string, string>();
    const g = smallestGenome(mini);
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
    };
    try {
      await measureShipped('mini', g);
      expect(asked.filter((r) => r.type === 'shippedEvaluate')).toHaveLength(1);
      // the next visit: nothing in memory, the storage kept
      shippedStore.setState({ loads: {}, measured: {}, logs: {} });
      await measureShipped('mini', g);
      expect(asked.filter((r) => r.type === 'shippedEvaluate')).toHaveLength(1);
      expect(Object.values(shippedStore.getState().measured)[0]).toMatchObject({
        state: 'ready',
        source: 'kept',
        result: { accuracy: 0.75, images: 100, step: 77, genome: g },
      });
      // new weights (another SHA-256): measured again
      const other = { ...info, entry: { ...info.entry, weights: { ...info.entry.weights, sha256: 'ff'.repeat(32) } } };
      const p = port((m) => {
        asked.push(m);
        if (m.type === 'shippedInfo') return { type: 'done', id: m.id, job: 'shippedInfo', result: other };
        if (m.type === 'shippedEvaluate')
          return {
            type: 'done',
            id: m.id,
            job: 'shippedEvaluate',
            result: { genome: m.genome, accuracy: 0.7, split: 'val', images: 100, step: 78 },
          };
        return null;
      });
      connectShipped(() => ({ info: createClient(p), measure: createClient(p) }));
      shippedStore.setState({ loads: {}, measured: {}, logs: {} });
      await measureShipped('mini', g);
      expect(asked.filter((r) => r.type === 'shippedEvaluate')).toHaveLength(2);
      expect(Object.values(shippedStore.getState().measured)[0]).toMatchObject({ state: 'ready', result: { accuracy: 0.7 } });
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  it('a subnet the project measured when shipping (samples, test subnets, presets) shows that number at once, without the worker', async () => {
    const g = smallestGenome(mini);
    const withPresets: ShippedInfo = {
      ...info,
      predictor: { ...info.predictor, presets: [{ name: 'smallest', arch: g, accuracy: 0.8706 }] },
    };
    const p = port((m) => {
      asked.push(m);
      return m.type === 'shippedInfo' ? { type: 'done', id: m.id, job: 'shippedInfo', result: withPresets } : null;
    });
    connectShipped(() => ({ info: createClient(p), measure: createClient(p) }));
    shippedStore.setState({ loads: {}, measured: {}, logs: {} });
    await measureShipped('mini', g);
    expect(asked.filter((r) => r.type === 'shippedEvaluate')).toHaveLength(0);
    expect(Object.values(shippedStore.getState().measured)[0]).toMatchObject({
      state: 'ready',
      source: 'shipped',
      result: { accuracy: 0.8706, images: 100, step: 77 },
    });
  });

  it("a search's re-measurement of its front and the selected subnet's measurement run on lanes of their own: neither cancels the other", async () => {
    const p = shippedPort();
    connectShipped(() => ({ info: createClient(p), measure: createClient(p), front: createClient(p) }));
    shippedStore.setState({ loads: {}, measured: {}, logs: {} });
    const rng2 = createRng(8);
    const [a, b, c] = [sampleGenome(mini, rng2), sampleGenome(mini, rng2), sampleGenome(mini, rng2)];
    // the search measures its front one subnet after another; the visitor selects a subnet meanwhile
    const front = measureShippedValue('mini', a);
    const selection = measureShipped('mini', b);
    await expect(front).resolves.toBe(0.75);
    await selection;
    await expect(measureShippedValue('mini', c)).resolves.toBe(0.75);
    expect(asked.filter((r) => r.type === 'cancel')).toHaveLength(0);
    expect(asked.filter((r) => r.type === 'shippedEvaluate')).toHaveLength(3);
    expect(Object.values(shippedStore.getState().measured).filter((m) => m.state === 'ready')).toHaveLength(3);
  });

  it('a failed load is an error of the space (the proxy stays), tried again on the next call', async () => {
    let fail = true;
    const p = port((m) =>
      m.type === 'shippedInfo'
        ? fail
          ? { type: 'error', id: m.id, message: 'supernet: w.safetensors does not match its SHA-256 in the manifest' }
          : { type: 'done', id: m.id, job: 'shippedInfo', result: info }
        : null,
    );
    connectShipped(() => ({ info: createClient(p), measure: createClient(p) }));
    shippedStore.setState({ loads: {}, measured: {}, logs: {} });
    await expect(loadShipped('mini')).resolves.toBeNull();
    await until(() => shippedStore.getState().loads.mini?.state !== 'loading');
    expect(shippedStore.getState().loads.mini).toMatchObject({ state: 'error', message: expect.stringContaining('w.safetensors') });
    fail = false;
    await expect(loadShipped('mini')).resolves.toEqual(info);
    expect(shippedStore.getState().loads.mini).toMatchObject({ state: 'ready' });
  });
});
