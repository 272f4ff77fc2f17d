/**
 * The paper view's runner: the experiment in the view's own search worker with the accuracy the page
 * has for the space, then claim 1's winners measured with the shipped supernet; and the rule that
 * re-runs it when the inputs change. Its state is `paper.ts`'s store.
 */
import {
  budgetWinners,
  getSpace,
  measuredHybrid,
  presetIdOf,
  type PaperAccuracy,
  type PaperMeasurement,
  type PaperResult,
  type PaperSearch,
} from '../core';
import { runLatest } from './lane';
import { paperKey, paperStore, type PaperState } from './paper';
import { sideWorker } from './sideWorkers';
import { searchPredictor } from './searchAccuracy';
import { searchStore } from './searchStore';
import { loadShipped, measureShippedValue, measureKey, shippedInfo, shippedStore, supernetTag } from './shipped';
import { appStore, currentSystem } from './store';

/**
 * Claim 1's accuracy in the page: the predictor a search would use (the visitor's own, else the
 * shipped one) unless the search panel is set to an imported table of this space; else that table;
 * else the proxy (claim 1 is then refused).
 */
async function paperAccuracy(spaceId: string): Promise<{ accuracy: PaperAccuracy; shipped: boolean }> {
  const space = getSpace(spaceId);
  await loadShipped(spaceId);
  const s = searchStore.getState();
  const table = s.table && presetIdOf(s.table.table.space) === spaceId ? s.table : null;
  const predictor = searchPredictor(spaceId, space);
  if (table && (s.settings.accuracy === 'table' || !predictor))
    return { accuracy: { source: 'table', table: table.table, from: `the table ${table.name}` }, shipped: false };
  if (predictor)
    return {
      accuracy: { source: 'predictor', predictor: predictor.predictor, from: predictor.from },
      shipped: predictor.origin === 'shipped',
    };
  return { accuracy: { source: 'proxy' }, shipped: false };
}

/** Runs the experiment with `settings` on the page's space and hardware (the latest call wins). */
export async function runPaperView(settings: PaperSearch): Promise<void> {
  const key = paperKey(settings);
  const set = (patch: Partial<PaperState>): void => {
    if (paperKey(settings) === key) paperStore.setState(patch);
  };
  paperStore.setState({
    settings,
    run: { state: 'running', key, progress: null },
    measuring: { state: 'none', why: 'the run is not done' },
  });
  const client = sideWorker('paper');
  if (!client) return set({ run: { state: 'error', key, message: 'paper: the search worker is not connected' } });
  const a = appStore.getState();
  const { accuracy, shipped } = await paperAccuracy(a.spaceId);
  const system = currentSystem({ systemId: a.systemId, hwOverrides: a.hwOverrides });
  const result = await runLatest(
    () =>
      client.run({ type: 'paper', space: a.spaceId, system, accuracy, search: settings }, (p) => {
        if (p.kind === 'paper' && paperStore.getState().run.state === 'running')
          set({ run: { state: 'running', key, progress: { phase: p.phase, generation: p.generation, generations: p.generations } } });
      }),
    { onError: (message) => set({ run: { state: 'error', key, message } }) },
  );
  if (!result || paperKey(settings) !== key) return;
  set({ run: { state: 'done', key, result } });
  if (!result.hybrid.testable) return set({ measuring: { state: 'none', why: 'claim 1 is not testable here' } });
  if (!shipped) return set({ measuring: { state: 'none', why: 'claim 1 ran on your own predictor or a table, not the shipped supernet' } });
  await measureWinners(a.spaceId, result, key, settings);
}

/** Claim 1's winners measured one by one with the shipped supernet (cached per subnet across the page). */
async function measureWinners(spaceId: string, result: PaperResult, key: string, settings: PaperSearch): Promise<void> {
  const info = shippedInfo(spaceId);
  if (!info || !result.hybrid.testable) return;
  const budgets = result.hybrid.budgets;
  const winners = budgetWinners(budgets);
  const space = getSpace(spaceId);
  const subnets: { key: string; accuracy: number; source: 'measured' | 'shipped' }[] = [];
  const measurement = (): PaperMeasurement => {
    const byKey = new Map(subnets.map((s) => [s.key, s.accuracy]));
    return {
      supernet: supernetTag(info),
      images: info.entry.evaluation.images,
      calibrationImages: info.entry.evaluation.calibrationImages,
      subnets: [...subnets],
      claim: measuredHybrid(budgets, (k) => byKey.get(k), space.dataset, 'measured (supernet)', info.entry.evaluation.images),
    };
  };
  const current = (): boolean => paperKey(settings) === key;
  for (const w of winners) {
    if (!current()) return;
    paperStore.setState({ measuring: { state: 'running', done: subnets.length, total: winners.length, measurement: measurement() } });
    try {
      const accuracy = await measureShippedValue(spaceId, w.arch);
      const m = shippedStore.getState().measured[measureKey(info, spaceId, w.arch)];
      subnets.push({ key: w.key, accuracy, source: m?.state === 'ready' && m.source === 'shipped' ? 'shipped' : 'measured' });
    } catch (e) {
      if (current()) paperStore.setState({ measuring: { state: 'error', message: e instanceof Error ? e.message : String(e) } });
      return;
    }
  }
  if (current()) paperStore.setState({ measuring: { state: 'done', measurement: measurement() } });
}

/** Re-runs the experiment when the space or hardware changes after it has run (or a link set its settings). */
export function followPaperInputs(): void {
  const check = (): void => {
    const { settings, run } = paperStore.getState();
    if (!settings) return;
    const key = paperKey(settings);
    if (run.state !== 'idle' && 'key' in run && run.key === key) return;
    void runPaperView(settings);
  };
  appStore.subscribe((s, prev) => {
    if (s.spaceId !== prev.spaceId || s.systemId !== prev.systemId || s.hwOverrides !== prev.hwOverrides) check();
  });
  paperStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings) check();
  });
  check();
}
