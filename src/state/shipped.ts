/**
 * The shipped supernet (issue 13) in the page: loaded lazily, the first time an accuracy is needed,
 * by its own worker (TF.js on the CPU backend, `workers/shipped.worker.ts`), which checks every file
 * against the manifest. Holds per space what was loaded (the manifest entry and the predictor), and
 * the supernet accuracy of each subnet measured so far (cached per supernet and subnet, and kept in
 * localStorage for the next visit: `shippedCache.ts`).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { accuracyByKey, genomeKey, getSpace, type Genome } from '../core';
import type { ShippedClient } from '../workers/client';
import { isSuperseded, messageOf } from './lane';
import type { ShippedInfo, SupernetAccuracy, TrainingLog } from '../workers/protocol';
import { pageStorage } from './orientation';
import { keepMeasure, keptMeasure } from './shippedCache';

export type ShippedLoad =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly info: ShippedInfo | null }
  | { readonly state: 'error'; readonly message: string };

export type ShippedMeasure =
  | { readonly state: 'pending'; readonly stage: string; readonly startedMs: number }
  /**
   * `source`: measured by this page now; `kept` from an earlier visit (localStorage); `shipped`: one of
   * the subnets the project measured when it shipped the supernet (in its predictor file)
   */
  | { readonly state: 'ready'; readonly result: SupernetAccuracy; readonly ms: number; readonly source: 'measured' | 'kept' | 'shipped' }
  | { readonly state: 'error'; readonly message: string };

export type ShippedLogState =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly log: TrainingLog }
  | { readonly state: 'error'; readonly message: string };

export interface ShippedState {
  /** the shipped supernet's training log per space, once asked for */
  readonly logs: Readonly<Record<string, ShippedLogState>>;
  /** per space id; absent: not asked yet */
  readonly loads: Readonly<Record<string, ShippedLoad>>;
  /** per `measureKey` */
  readonly measured: Readonly<Record<string, ShippedMeasure>>;
}

export const shippedStore = createStore<ShippedState>()(() => ({ loads: {}, measured: {}, logs: {} }));

export function useShipped<T>(selector: (s: ShippedState) => T): T {
  return useStore(shippedStore, selector);
}

interface Lanes {
  readonly info: ShippedClient;
  /** the selected subnet's measurement (a newer selection cancels an older one) */
  readonly measure: ShippedClient;
  /** a search's re-measurement of its front: its own lane, so a selection never cancels it nor it a selection (default: `measure`) */
  readonly front?: ShippedClient;
}
let lanesFactory: (() => Lanes) | null = null;
let lanes: Lanes | null = null;
/** Connects the actions to the worker; the worker starts with the first request. */
export function connectShipped(factory: () => Lanes): void {
  lanesFactory = factory;
  lanes = null;
}
type LaneName = 'info' | 'measure' | 'front';
const lane = (name: LaneName): ShippedClient => {
  if (!lanesFactory) throw new Error('supernet: the shipped-supernet worker is not connected');
  lanes ??= lanesFactory();
  return name === 'front' ? (lanes.front ?? lanes.measure) : lanes[name];
};

const get = (): ShippedState => shippedStore.getState();
const now = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

/** Spaces a shipped supernet can exist for: those trained on a dataset the page prepares. */
const mayHaveShipped = (spaceId: string): boolean => {
  const ds = getSpace(spaceId).dataset;
  return ds === 'fashion-mnist' || ds === 'mnist';
};

const loading = new Map<string, Promise<ShippedInfo | null>>();

/** The space's shipped supernet (null: none), loaded once; a failed load is tried again on the next call. */
export function loadShipped(spaceId: string): Promise<ShippedInfo | null> {
  const known = get().loads[spaceId];
  if (known?.state === 'ready') return Promise.resolve(known.info);
  if (!mayHaveShipped(spaceId) || !lanesFactory) return Promise.resolve(null);
  let p = loading.get(spaceId);
  if (p) return p;
  const setLoad = (l: ShippedLoad): void => shippedStore.setState({ loads: { ...get().loads, [spaceId]: l } });
  setLoad({ state: 'loading' });
  p = lane('info')
    .run({ type: 'shippedInfo', space: spaceId })
    .then(
      (info) => {
        loading.delete(spaceId);
        setLoad({ state: 'ready', info });
        return info;
      },
      (e: unknown) => {
        loading.delete(spaceId);
        setLoad({ state: 'error', message: messageOf(e) });
        return null;
      },
    );
  loading.set(spaceId, p);
  return p;
}

/** The loaded shipped supernet of a space (null: none, or not loaded yet). */
export function shippedInfo(spaceId: string, s: ShippedState = get()): ShippedInfo | null {
  const l = s.loads[spaceId];
  return l?.state === 'ready' ? l.info : null;
}

/** "mini-fashion-mnist.cebe0020": a shipped supernet as a link names it. */
export function supernetTag(info: ShippedInfo): string {
  return `${info.entry.id}.${info.entry.weights.sha256.slice(0, 8)}`;
}

/** A measurement's identity: the supernet (id, SHA-256 prefix), the evaluation settings and the subnet. */
export const measureKey = (info: ShippedInfo, spaceId: string, genome: Genome): string =>
  `${supernetTag(info)}:${info.entry.evaluation.images}/${info.entry.evaluation.calibrationImages}:${genomeKey(getSpace(spaceId), genome)}`;

/**
 * Measures a subnet with the space's shipped supernet (cached: a subnet measured before is not
 * measured again). The latest request wins: an earlier one still measuring is cancelled.
 */
export async function measureShipped(spaceId: string, genome: Genome): Promise<void> {
  await measured(spaceId, genome).catch(() => undefined);
}

/** A subnet's accuracy with the shipped supernet (cached); rejects when there is none or it fails. */
export async function measureShippedValue(spaceId: string, genome: Genome): Promise<number> {
  let r: SupernetAccuracy | null = null;
  // a measurement of the page's subnet may supersede this one: then it is asked again
  for (let attempt = 1; ; attempt++) {
    try {
      r = await measured(spaceId, genome, 'front');
      break;
    } catch (e) {
      if (!isSuperseded(e) || attempt >= 5) throw e;
    }
  }
  if (!r) throw new Error(`supernet: none is shipped for space "${spaceId}"`);
  return r.accuracy;
}

const inFlight = new Map<string, Promise<SupernetAccuracy | null>>();

function measured(spaceId: string, genome: Genome, via: 'measure' | 'front' = 'measure'): Promise<SupernetAccuracy | null> {
  const info = shippedInfo(spaceId);
  const key = info ? measureKey(info, spaceId, genome) : null;
  const known = key ? get().measured[key] : undefined;
  if (known?.state === 'ready') return Promise.resolve(known.result);
  const running = key ? inFlight.get(key) : undefined;
  if (running) return running;
  const p = measureNow(spaceId, genome, via);
  if (key) {
    inFlight.set(key, p);
    void p.finally(() => inFlight.delete(key)).catch(() => undefined);
  }
  return p;
}

async function measureNow(spaceId: string, genome: Genome, via: 'measure' | 'front'): Promise<SupernetAccuracy | null> {
  const info = await loadShipped(spaceId);
  if (!info) return null;
  const key = measureKey(info, spaceId, genome);
  const known = get().measured[key];
  if (known?.state === 'ready') return known.result;
  const startedMs = now();
  const setMeasure = (m: ShippedMeasure | null): void => {
    const measured = { ...get().measured };
    if (m) measured[key] = m;
    else delete measured[key];
    shippedStore.setState({ measured });
  };
  const shipped = knownAccuracy(info, spaceId, genome);
  if (shipped !== null) {
    // measured by the project with these very weights and settings: the same number, without the work
    const result: SupernetAccuracy = {
      genome,
      accuracy: shipped,
      split: 'val',
      images: info.entry.evaluation.images,
      step: info.entry.steps,
    };
    setMeasure({ state: 'ready', result, ms: 0, source: 'shipped' });
    return result;
  }
  const kept = keptMeasure(pageStorage(), key);
  if (kept) {
    // measured on an earlier visit with these very weights: the same number, without the work
    const result: SupernetAccuracy = { genome, accuracy: kept.accuracy, split: 'val', images: kept.images, step: kept.step };
    setMeasure({ state: 'ready', result, ms: 0, source: 'kept' });
    return result;
  }
  setMeasure({ state: 'pending', stage: 'starting', startedMs });
  try {
    const result = await lane(via).run({ type: 'shippedEvaluate', space: spaceId, genome }, (p) => {
      if (p.kind === 'shipped' && get().measured[key]?.state === 'pending') setMeasure({ state: 'pending', stage: p.stage, startedMs });
    });
    setMeasure({ state: 'ready', result, ms: now() - startedMs, source: 'measured' });
    keepMeasure(pageStorage(), key, result);
    return result;
  } catch (e) {
    // superseded: a newer subnet is measured now; this one is measured again when it is asked for
    setMeasure(isSuperseded(e) ? null : { state: 'error', message: messageOf(e) });
    throw e;
  }
}

const known = new WeakMap<ShippedInfo, Map<string, number>>();

/**
 * The subnet's accuracy if the project measured it when it shipped the supernet (the predictor file's
 * samples, test subnets and presets, all measured with these weights and the manifest's settings), else null.
 */
export function knownAccuracy(info: ShippedInfo, spaceId: string, genome: Genome): number | null {
  let map = known.get(info);
  if (!map) {
    const f = info.predictor;
    // the file was checked (`parsePredictorFile`)
    map = accuracyByKey(getSpace(spaceId), [f.samples, f.test?.samples, f.presets]);
    known.set(info, map);
  }
  return map.get(genomeKey(getSpace(spaceId), genome)) ?? null;
}

/** The subnet's measured accuracy with the space's shipped supernet, if it has been measured (a hook). */
export function useShippedAccuracy(spaceId: string, genome: Genome): number | null {
  return useShipped((s) => {
    const info = shippedInfo(spaceId, s);
    const m = info ? s.measured[measureKey(info, spaceId, genome)] : undefined;
    return m?.state === 'ready' ? m.result.accuracy : null;
  });
}

/** Fetches the shipped supernet's training log (once; a failed fetch is tried again on the next call). */
export async function loadShippedLog(spaceId: string): Promise<void> {
  const known = get().logs[spaceId];
  if (known && known.state !== 'error') return;
  const setLog = (l: ShippedLogState): void => shippedStore.setState({ logs: { ...get().logs, [spaceId]: l } });
  setLog({ state: 'loading' });
  try {
    setLog({ state: 'ready', log: await lane('info').run({ type: 'shippedLog', space: spaceId }) });
  } catch (e) {
    setLog({ state: 'error', message: messageOf(e) });
  }
}

/**
 * How well the shipped predictor ranks subnets, as every place that quotes it says it: its Kendall τ
 * on the subnets measured apart (never fitted on) where the file has them, else the mean over its
 * random held-out splits; with MACs alone on the same subnets.
 */
export function shippedPredictorQuality(info: ShippedInfo): { readonly kendallTau: number; readonly macs: number; readonly text: string } {
  const f = info.predictor;
  if (f.test) {
    return {
      kendallTau: f.test.kendallTau,
      macs: f.test.macs,
      text: `Kendall τ ${f.test.kendallTau.toFixed(2)} on ${f.test.subnets} subnets measured apart (MACs alone ${f.test.macs.toFixed(2)})`,
    };
  }
  const v = f.validation;
  return {
    kendallTau: v.mean,
    macs: f.macBaseline.mean,
    text: `Kendall τ ${v.mean.toFixed(2)} on ${v.heldOut} held-out subnets, mean of ${v.splits} splits (MACs alone ${f.macBaseline.mean.toFixed(2)})`,
  };
}
