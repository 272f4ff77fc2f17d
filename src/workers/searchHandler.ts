/**
 * The search worker's request handler (SPEC §6): NSGA-II from core, one generation per step, with the
 * event loop let in between generations so that `cancel` and `pause` take effect within one. Plain
 * async functions, so Vitest runs it without a Worker. The search needs no TF.js: its accuracy is the
 * proxy or the ridge predictor (plain data); the supernet re-evaluates the final front in the TF.js
 * worker afterwards.
 */
import {
  createExhaustive,
  createRng,
  createSearch,
  fitAndValidate,
  presetIdOf,
  validateGenome,
  getSpace,
  hasSpace,
  paperRun,
  predictedAccuracy,
  scoreTable,
  validateSearchConfig,
  type AccuracyTable,
  type ExhaustiveResult,
  type Predictor,
  type PaperResult,
  type Search,
  type SearchDeps,
  type SearchGeneration,
  type SearchSpace,
} from '../core';
import { createJobServer, type JobControl, type JobServer } from './jobServer';
import type { Progress, SearchAccuracy, SearchJob, SearchOutcome } from './protocol';

export interface SearchHandlerEnv {
  /** milliseconds, for progress pacing and the ETA */
  readonly now: () => number;
  /** lets queued messages (cancel, pause) in; a macrotask in the worker */
  readonly yieldNow: () => Promise<void>;
  /** least time between two progress reports (the last generation is always reported) */
  readonly reportEveryMs?: number;
}

export type SearchHandler = JobServer;

type SearchRequest = Extract<SearchJob, { type: 'search' }>;
type ExhaustiveRequest = Extract<SearchJob, { type: 'exhaustive' }>;
type PaperRequest = Extract<SearchJob, { type: 'paper' }>;
/** a paused search, kept for a `resume` with the same config and accuracy */
type Held = { readonly key: string; readonly search: Search; readonly reported: number } | null;

/** The accuracy function of the search; the predictor's output is kept to 0–1 (a fraction). */
function depsOf(accuracy: SearchAccuracy, space: SearchSpace): SearchDeps {
  if (accuracy.source === 'proxy') return {};
  if (accuracy.source === 'table')
    throw new Error('accuracy: a table is scored whole (its subnets are the candidates), not searched or enumerated');
  return { accuracy: predictedAccuracy(accuracy.predictor, space) };
}

/** A message is untrusted input: the same limits as the page's form, checked here before any work. */
function checkConfig(request: SearchRequest | ExhaustiveRequest): void {
  const whole = request.type === 'exhaustive' || request.accuracy.source === 'table';
  const problems = validateSearchConfig(request.config, whole ? 'whole' : 'evolve');
  if (problems.length > 0) throw new Error(problems.join('; '));
}

/** Every subnet of the space, a few thousand per turn of the event loop, with paced progress. */
async function exhaustive(env: SearchHandlerEnv, request: ExhaustiveRequest, job: JobControl): Promise<ExhaustiveResult> {
  checkConfig(request);
  const reportEvery = env.reportEveryMs ?? 50;
  const ex = createExhaustive(request.config, depsOf(request.accuracy, request.config.space));
  let lastReport = -Infinity;
  for (;;) {
    if (job.cancelled()) throw new Error('exhaustive enumeration cancelled');
    const p = ex.step(5000);
    const now = env.now();
    if (p.done || now - lastReport >= reportEvery) {
      job.post({ kind: 'enumerate', evaluated: p.evaluated, total: p.total });
      lastReport = now;
    }
    if (p.done) break;
    await env.yieldNow();
  }
  const result = ex.result();
  if (!result) throw new Error('exhaustive enumeration ended without a result');
  return result;
}

/** An imported table: its subnets are the candidates, every one scored, in one report. */
function tableSearch(request: SearchRequest, job: JobControl): SearchOutcome {
  if (request.accuracy.source !== 'table') throw new Error('accuracy: not a table');
  const { generation, points } = scoreTable(request.config, request.accuracy.table);
  job.post({ kind: 'generation', generation, added: points, hypervolumes: [generation.hypervolume], elapsedMs: 0, etaSec: 0 });
  return { reason: 'done', generation };
}

/** Where a run's reports stand: the subnets reported so far, its first generation, its start and now (ms). */
interface Pace {
  readonly reported: number;
  readonly firstIndex: number;
  readonly t0: number;
  readonly now: number;
  readonly generations: number;
}

/** The search's report of `generation`: the subnets added since the last one, the hypervolumes, the ETA. */
function report(search: Search, generation: SearchGeneration, pace: Pace): Extract<Progress, { kind: 'generation' }> {
  const added = search.evaluated(pace.reported);
  const done = generation.index - pace.firstIndex;
  const perGeneration = (pace.now - pace.t0) / Math.max(1, done);
  const etaSec = generation.done ? 0 : (perGeneration * Math.max(0, pace.generations - generation.index - 1)) / 1000;
  return { kind: 'generation', generation, added, hypervolumes: search.state().hypervolumes, elapsedMs: pace.now - pace.t0, etaSec };
}

/**
 * NSGA-II one generation per step until done, cancelled or paused (a paused search is kept in
 * `held` for a resume); progress at most every `reportEveryMs`, the last generation always.
 */
async function evolve(env: SearchHandlerEnv, request: SearchRequest, job: JobControl, held: { current: Held }): Promise<SearchOutcome> {
  const { config, accuracy } = request;
  const key = JSON.stringify([config, accuracy]);
  const resumed = request.resume && held.current?.key === key ? held.current : null;
  const search = resumed?.search ?? createSearch(config, depsOf(accuracy, config.space));
  let reported = resumed?.reported ?? 0;
  held.current = null;
  const reportEvery = env.reportEveryMs ?? 50;
  const generations = config.generations ?? 100;
  const t0 = env.now();
  const firstIndex = search.state().generation?.index ?? -1;
  let lastReport = -Infinity;
  for (;;) {
    if (job.cancelled()) return { reason: 'cancelled', generation: search.state().generation };
    if (job.paused()) {
      held.current = { key, search, reported };
      return { reason: 'paused', generation: search.state().generation };
    }
    const generation = search.step();
    const now = env.now();
    if (generation.done || now - lastReport >= reportEvery) {
      const progress = report(search, generation, { reported, firstIndex, t0, now, generations });
      reported += progress.added.length;
      job.post(progress);
      lastReport = now;
    }
    if (generation.done) return { reason: 'done', generation };
    await env.yieldNow();
  }
}

/**
 * The paper experiment (core's `paperRun`), one search generation per turn of the event loop, with
 * paced progress; the space is a preset named by id, the settings checked as a search's are.
 */
async function paper(env: SearchHandlerEnv, r: PaperRequest, job: JobControl): Promise<PaperResult> {
  if (typeof r.space !== 'string' || !hasSpace(r.space)) throw new Error(`request.space: unknown space ${String(r.space).slice(0, 40)}`);
  const space = getSpace(r.space);
  const problems = validateSearchConfig({ space, system: r.system, objectives: ['accuracy', 'latencyMs'], ...r.search });
  if (problems.length > 0) throw new Error(problems.join('; '));
  const run = paperRun({ space, system: r.system, accuracy: r.accuracy, search: r.search });
  const reportEvery = env.reportEveryMs ?? 50;
  let lastReport = -Infinity;
  for (;;) {
    if (job.cancelled()) throw new Error('paper experiment cancelled');
    const step = run.next();
    if (step.done) return step.value;
    const now = env.now();
    if (now - lastReport >= reportEvery || step.value.generation === step.value.generations) {
      job.post({ kind: 'paper', ...step.value });
      lastReport = now;
    }
    await env.yieldNow();
  }
}

/** A predictor fitted on an imported table (the table is checked again here: a message is untrusted input). */
function fitTable(r: Extract<SearchJob, { type: 'fitTable' }>): Predictor {
  const t = r.table as Partial<AccuracyTable> | null;
  if (!t || typeof t.space !== 'string' || !hasSpace(presetIdOf(t.space)) || !Array.isArray(t.entries))
    throw new Error('request.table: not a table of measured accuracies (space, entries)');
  const space = getSpace(presetIdOf(t.space));
  const entries = t.entries.map((e, i) => {
    const g = validateGenome(space, e?.genome);
    if (!g.ok || typeof e.accuracy !== 'number' || !(e.accuracy >= 0 && e.accuracy <= 1))
      throw new Error(`request.table.entries[${i}]: not a subnet of ${space.id} with an accuracy 0–1`);
    return { genome: g.value, accuracy: e.accuracy };
  });
  return fitAndValidate(space, entries, createRng(1));
}

export function createSearchHandler(env: SearchHandlerEnv): SearchHandler {
  const held: { current: Held } = { current: null };
  return createJobServer<SearchJob>(
    {
      search: async (r, job) => {
        checkConfig(r);
        return r.accuracy.source === 'table' ? tableSearch(r, job) : evolve(env, r, job, held);
      },
      exhaustive: (r, job) => exhaustive(env, r, job),
      paper: (r, job) => paper(env, r, job),
      fitTable: (r) => Promise.resolve(fitTable(r)),
    },
    (type) => `the search worker runs search, exhaustive, paper and fitTable jobs only, not ${type.slice(0, 40)}`,
  );
}
