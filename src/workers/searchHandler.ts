/**
 * The search worker's request handler (SPEC §6): NSGA-II from core, one generation per step, with the
 * event loop let in between generations so that `cancel` and `pause` take effect within one. Plain
 * async functions, so Vitest runs it without a Worker. The search needs no TF.js: its accuracy is the
 * proxy or the ridge predictor (plain data); the supernet re-evaluates the final front in the TF.js
 * worker afterwards.
 */
import {
  createExhaustive,
  createSearch,
  predictedAccuracy,
  scoreTable,
  validateSearchConfig,
  type Search,
  type SearchDeps,
  type SearchSpace,
} from '../core';
import type { SearchAccuracy, WorkerReply, WorkerRequest } from './protocol';

export interface SearchHandlerEnv {
  /** milliseconds, for progress pacing and the ETA */
  readonly now: () => number;
  /** lets queued messages (cancel, pause) in; a macrotask in the worker */
  readonly yieldNow: () => Promise<void>;
  /** least time between two progress reports (the last generation is always reported) */
  readonly reportEveryMs?: number;
}

export interface SearchHandler {
  handle(request: WorkerRequest, post: (reply: WorkerReply) => void): Promise<void>;
}

/** The accuracy function of the search; the predictor's output is kept to 0–1 (a fraction). */
function depsOf(accuracy: SearchAccuracy, space: SearchSpace): SearchDeps {
  if (accuracy.source === 'proxy') return {};
  if (accuracy.source === 'table')
    throw new Error('accuracy: a table is scored whole (its subnets are the candidates), not searched or enumerated');
  return { accuracy: predictedAccuracy(accuracy.predictor, space) };
}

export function createSearchHandler(env: SearchHandlerEnv): SearchHandler {
  const cancelled = new Set<number>();
  const paused = new Set<number>();
  const reportEvery = env.reportEveryMs ?? 50;
  /** a paused search, kept for a `resume` with the same config and accuracy */
  let held: { readonly key: string; readonly search: Search; readonly reported: number } | null = null;

  return {
    async handle(request, post) {
      const id = request.id;
      if (request.type === 'cancel') {
        cancelled.add(id);
        return;
      }
      if (request.type === 'pause') {
        paused.add(id);
        return;
      }
      try {
        if (request.type === 'search' || request.type === 'exhaustive') {
          // a message is untrusted input: the same limits as the page's form, checked here before any work
          const whole = request.type === 'exhaustive' || request.accuracy.source === 'table';
          const problems = validateSearchConfig(request.config, whole ? 'whole' : 'evolve');
          if (problems.length > 0) throw new Error(problems.join('; '));
        }
        if (request.type === 'exhaustive') {
          const ex = createExhaustive(request.config, depsOf(request.accuracy, request.config.space));
          let lastReport = -Infinity;
          for (;;) {
            if (cancelled.has(id)) {
              post({ type: 'error', id, message: 'exhaustive enumeration cancelled' });
              return;
            }
            const p = ex.step(5000);
            const now = env.now();
            if (p.done || now - lastReport >= reportEvery) {
              post({ type: 'progress', id, progress: { kind: 'enumerate', evaluated: p.evaluated, total: p.total } });
              lastReport = now;
            }
            if (p.done) break;
            await env.yieldNow();
          }
          const result = ex.result();
          if (!result) throw new Error('exhaustive enumeration ended without a result');
          post({ type: 'enumerated', id, result });
          return;
        }
        if (request.type !== 'search') throw new Error(`the search worker runs search and exhaustive jobs only, not ${request.type}`);
        const { config, accuracy } = request;
        if (accuracy.source === 'table') {
          const { generation, points } = scoreTable(config, accuracy.table);
          post({
            type: 'progress',
            id,
            progress: { kind: 'generation', generation, added: points, hypervolumes: [generation.hypervolume], elapsedMs: 0, etaSec: 0 },
          });
          post({ type: 'searched', id, outcome: { reason: 'done', generation } });
          return;
        }
        const key = JSON.stringify([config, accuracy]);
        const resumed = request.resume && held?.key === key ? held : null;
        const search = resumed?.search ?? createSearch(config, depsOf(accuracy, config.space));
        let reported = resumed?.reported ?? 0;
        held = null;
        const generations = config.generations ?? 100;
        const t0 = env.now();
        const firstIndex = search.state().generation?.index ?? -1;
        let lastReport = -Infinity;
        for (;;) {
          if (cancelled.has(id)) {
            post({ type: 'searched', id, outcome: { reason: 'cancelled', generation: search.state().generation } });
            return;
          }
          if (paused.has(id)) {
            held = { key, search, reported };
            post({ type: 'searched', id, outcome: { reason: 'paused', generation: search.state().generation } });
            return;
          }
          const generation = search.step();
          const now = env.now();
          if (generation.done || now - lastReport >= reportEvery) {
            const added = search.evaluated(reported);
            reported += added.length;
            const done = generation.index - firstIndex;
            const perGeneration = (now - t0) / Math.max(1, done);
            const etaSec = generation.done ? 0 : (perGeneration * Math.max(0, generations - generation.index - 1)) / 1000;
            post({
              type: 'progress',
              id,
              progress: { kind: 'generation', generation, added, hypervolumes: search.state().hypervolumes, elapsedMs: now - t0, etaSec },
            });
            lastReport = now;
          }
          if (generation.done) {
            post({ type: 'searched', id, outcome: { reason: 'done', generation } });
            return;
          }
          await env.yieldNow();
        }
      } catch (e) {
        post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
      } finally {
        cancelled.delete(id);
        paused.delete(id);
      }
    },
  };
}
