import { describe, expect, it } from 'vitest';
import {
  createSearch,
  exhaustiveFront,
  fitRidge,
  MINI_TRIM_100K,
  trimSpace,
  getSpace,
  getSystem,
  sampleGenome,
  createRng,
  runPaper,
  fitAndValidate,
  type SearchConfig,
} from '../core';
import type { Progress, SearchOutcome, WorkerReply, WorkerRequest } from './protocol';
import { createSearchHandler } from './searchHandler';

const CONFIG: SearchConfig = {
  space: getSpace('mini'),
  system: getSystem('u55-mram'),
  objectives: ['accuracy', 'latencyMs'],
  population: 16,
  generations: 6,
  seed: 3,
};

/** A handler whose `yieldNow` runs `between` (a test's cancel or pause) once per generation. */
function harness(between: (generation: number) => WorkerRequest | null = () => null) {
  const replies: WorkerReply[] = [];
  let generations = 0;
  let t = 0;
  const handler = createSearchHandler({
    now: () => (t += 10),
    yieldNow: async () => {
      const r = between(generations++);
      if (r) await handler.handle(r, (x) => replies.push(x));
    },
    reportEveryMs: 0,
  });
  return { handler, replies, post: (x: WorkerReply) => replies.push(x) };
}

const progressOf = (replies: WorkerReply[]): Extract<Progress, { kind: 'generation' }>[] =>
  replies.flatMap((r) => (r.type === 'progress' && r.progress.kind === 'generation' ? [r.progress] : []));
const outcomeOf = (replies: WorkerReply[]): SearchOutcome | undefined =>
  replies.flatMap((r) => (r.type === 'done' && r.job === 'search' ? [r.result] : []))[0];

describe('search worker handler', () => {
  it('reports every generation with the new subnets, and ends with the same front as the core search', async () => {
    const { handler, replies, post } = harness();
    await handler.handle({ type: 'search', id: 1, config: CONFIG, accuracy: { source: 'proxy' }, resume: false }, post);
    const progress = progressOf(replies);
    expect(progress.map((p) => p.generation.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const direct = createSearch(CONFIG);
    let last;
    do last = direct.step();
    while (!last.done);
    const outcome = outcomeOf(replies);
    expect(outcome?.reason).toBe('done');
    expect(outcome?.generation?.front.map((p) => p.key)).toEqual(last.front.map((p) => p.key));
    // the points reported add up to every subnet evaluated, each once
    const added = progress.flatMap((p) => p.added.map((a) => a.key));
    expect(added).toEqual(direct.evaluated().map((p) => p.key));
    expect(new Set(added).size).toBe(added.length);
    expect(progress.at(-1)?.hypervolumes).toHaveLength(6);
    expect(progress.at(-1)?.etaSec).toBe(0);
  });

  it('cancel stops within one generation; pause keeps the search, and resume ends where an uninterrupted run does', async () => {
    const c = harness((g) => (g === 1 ? { type: 'cancel', id: 2 } : null));
    await c.handler.handle({ type: 'search', id: 2, config: CONFIG, accuracy: { source: 'proxy' }, resume: false }, c.post);
    expect(outcomeOf(c.replies)).toMatchObject({ reason: 'cancelled', generation: { index: 1 } });

    const p = harness((g) => (g === 2 ? { type: 'pause', id: 3 } : null));
    await p.handler.handle({ type: 'search', id: 3, config: CONFIG, accuracy: { source: 'proxy' }, resume: false }, p.post);
    expect(outcomeOf(p.replies)).toMatchObject({ reason: 'paused', generation: { index: 2 } });
    const before = progressOf(p.replies).flatMap((x) => x.added.map((a) => a.key));
    p.replies.length = 0;
    await p.handler.handle({ type: 'search', id: 4, config: CONFIG, accuracy: { source: 'proxy' }, resume: true }, p.post);
    const resumed = progressOf(p.replies);
    expect(resumed[0]?.generation.index).toBe(3);
    const direct = createSearch(CONFIG);
    let last;
    do last = direct.step();
    while (!last.done);
    expect(outcomeOf(p.replies)?.generation?.front.map((x) => x.key)).toEqual(last.front.map((x) => x.key));
    expect([...before, ...resumed.flatMap((x) => x.added.map((a) => a.key))]).toEqual(direct.evaluated().map((x) => x.key));
  });

  it('scores with the predictor when given one, and names a predictor of another space', async () => {
    const space = getSpace('mini');
    const rng = createRng(5);
    const samples = Array.from({ length: 40 }, () => {
      const genome = sampleGenome(space, rng);
      return { genome, accuracy: 0.5 + (0.01 * genome.stages[3]!.c) / 8 };
    });
    const predictor = fitRidge(space, samples);
    const { handler, replies, post } = harness();
    await handler.handle({ type: 'search', id: 5, config: CONFIG, accuracy: { source: 'predictor', predictor }, resume: false }, post);
    const front = outcomeOf(replies)?.generation?.front ?? [];
    expect(front.length).toBeGreaterThan(0);
    for (const pt of front) expect(pt.metrics.accuracy).toBeCloseTo(Math.min(1, Math.max(0, 0.5 + (0.01 * pt.genome.stages[3]!.c) / 8)), 2);

    const other = harness();
    await other.handler.handle(
      {
        type: 'search',
        id: 6,
        config: CONFIG,
        accuracy: { source: 'predictor', predictor: { ...predictor, space: 'nasvit' } },
        resume: false,
      },
      other.post,
    );
    expect(other.replies).toEqual([
      { type: 'error', id: 6, message: 'accuracy: the predictor was fitted on space "nasvit", the search is on "mini"' },
    ]);
    await other.handler.handle({ type: 'evaluate', id: 7, genome: front[0]!.genome }, other.post);
    expect(other.replies.at(-1)).toEqual({
      type: 'error',
      id: 7,
      message: 'the search worker runs search, exhaustive, paper and fitTable jobs only, not evaluate',
    });

    // a trimmed space: the preset's predictor scores its subnets (it was refused as "another space")
    const trimmed = trimSpace(space, { r: [28], stem: [16] });
    const t = harness();
    await t.handler.handle(
      { type: 'search', id: 8, config: { ...CONFIG, space: trimmed }, accuracy: { source: 'predictor', predictor }, resume: false },
      t.post,
    );
    const tFront = outcomeOf(t.replies)?.generation?.front ?? [];
    expect(tFront.length).toBeGreaterThan(0);
    for (const pt of tFront) {
      expect([pt.genome.r, pt.genome.stem]).toEqual([28, 16]);
      expect(pt.metrics.accuracy).toBeCloseTo(Math.min(1, Math.max(0, 0.5 + (0.01 * pt.genome.stages[3]!.c) / 8)), 2);
    }
  });

  it("a table on a trimmed space scores the rows inside the trim (its subnets are the preset's)", async () => {
    const space = getSpace('mini');
    const rng = createRng(6);
    const entries = Array.from({ length: 60 }, (_, i) => ({ genome: sampleGenome(space, rng), accuracy: 0.5 + i / 200 }));
    const trimmed = trimSpace(space, { r: [28] });
    const inside = entries.filter((e) => e.genome.r === 28).length;
    const { handler, replies, post } = harness();
    await handler.handle(
      {
        type: 'search',
        id: 9,
        config: { ...CONFIG, space: trimmed },
        accuracy: { source: 'table', table: { space: 'mini', entries, unit: 'fraction' } },
        resume: false,
      },
      post,
    );
    expect(outcomeOf(replies)?.generation?.evaluations).toBe(inside);
    expect(inside).toBeGreaterThan(5);
    expect(inside).toBeLessThan(60);
  });
});

describe('the worker checks its own job (a message is untrusted input)', () => {
  it('refuses a population of 10⁷, NaN hardware, a budget of −1 or Infinity, naming each, before any work', async () => {
    const cases: [Partial<SearchConfig>, RegExp][] = [
      [{ population: 10_000_000 }, /search\.population: 10000000 \(must be a whole number 4–4,096\)/],
      [
        { population: 4096, generations: 100_000 },
        /search\.generations: population × generations is 409,600,000; a search evaluates at most 1,000,000 subnets/,
      ],
      [{ system: { ...getSystem('u55-mram').params, npuFreqMHz: Number.NaN } }, /system\.npuFreqMHz: NaN \(allowed /],
      [
        { system: { ...getSystem('u55-mram'), params: { ...getSystem('u55-mram').params, cimMacros: 0 } } },
        /system\.cimMacros: 0 \(allowed 1–64/,
      ],
      [{ budgets: { latencyMs: -1 } }, /search\.budgets\.latencyMs: -1 \(must be a positive number\)/],
      [{ budgets: { energyUj: Infinity } }, /search\.budgets\.energyUj: Infinity/],
      [{ objectives: [] }, /search\.objectives: must be 1 to 4/],
    ];
    for (const [change, message] of cases) {
      for (const type of ['search', 'exhaustive'] as const) {
        const { handler, replies, post } = harness();
        const config = { ...CONFIG, ...change } as SearchConfig;
        await handler.handle(
          type === 'search'
            ? { type, id: 1, config, accuracy: { source: 'proxy' }, resume: false }
            : { type, id: 1, config, accuracy: { source: 'proxy' } },
          post,
        );
        if (type === 'exhaustive' && change.generations) continue; // an enumeration does not evolve
        expect(replies).toHaveLength(1);
        expect(replies[0]?.type).toBe('error');
        expect((replies[0] as { message: string }).message).toMatch(message);
      }
    }
  });
});

describe('exhaustive job', () => {
  it("enumerates a trimmed space with progress and returns the core function's front", async () => {
    const space = trimSpace(getSpace('mini'), {
      ...MINI_TRIM_100K,
      stages: { ...MINI_TRIM_100K.stages, s3: { c: [24], k: [3], e: [2] }, s4: { c: [32], k: [3], e: [2] } },
    });
    const config: SearchConfig = { ...CONFIG, space };
    const { handler, replies, post } = harness();
    await handler.handle({ type: 'exhaustive', id: 8, config, accuracy: { source: 'proxy' } }, post);
    const progress = replies.flatMap((r) => (r.type === 'progress' && r.progress.kind === 'enumerate' ? [r.progress] : []));
    const last = replies.at(-1);
    expect(last).toMatchObject({ type: 'done', id: 8, job: 'exhaustive' });
    const direct = exhaustiveFront(config);
    if (last?.type !== 'done' || last.job !== 'exhaustive') return;
    expect(last.result.subnets).toBe(direct.subnets);
    expect(progress.at(-1)).toEqual({ kind: 'enumerate', evaluated: direct.subnets, total: direct.subnets });
    expect(last.result.front.map((p) => p.key)).toEqual(direct.front.map((p) => p.key));
    expect(last.result.hypervolume.value).toBe(direct.hypervolume.value);
  });
});

describe('search worker handler: the paper job', () => {
  const search = { schema: 'hetero' as const, population: 12, generations: 3, seed: 4 };
  const system = getSystem('u55-mram');

  it("runs core's paperRun: the same result, a progress report per generation", async () => {
    const { handler, replies, post } = harness();
    await handler.handle({ type: 'paper', id: 7, space: 'mini', system, accuracy: { source: 'proxy' }, search }, post);
    const done = replies.find((r) => r.type === 'done' && r.job === 'paper');
    expect(done?.type === 'done' ? done.result : null).toEqual(
      runPaper({ space: getSpace('mini'), system, accuracy: { source: 'proxy' }, search }),
    );
    const progress = replies.flatMap((r) => (r.type === 'progress' && r.progress.kind === 'paper' ? [r.progress.generation] : []));
    expect(progress).toEqual([1, 2, 3]);
  });

  it('refuses an unknown space and settings out of range, naming them; a cancel stops it', async () => {
    const { handler, replies, post } = harness();
    await handler.handle({ type: 'paper', id: 8, space: 'tiny', system, accuracy: { source: 'proxy' }, search }, post);
    await handler.handle(
      { type: 'paper', id: 9, space: 'mini', system, accuracy: { source: 'proxy' }, search: { ...search, population: 10 ** 7 } },
      post,
    );
    const errors = replies.flatMap((r) => (r.type === 'error' ? [r.message] : []));
    expect(errors[0]).toMatch(/^request\.space: unknown space tiny/);
    expect(errors[1]).toMatch(/population/);
    const c = harness((n) => (n === 1 ? { type: 'cancel', id: 10 } : null));
    await c.handler.handle({ type: 'paper', id: 10, space: 'mini', system, accuracy: { source: 'proxy' }, search }, c.post);
    expect(c.replies.some((r) => r.type === 'error' && /cancelled/.test(r.message))).toBe(true);
    expect(c.replies.some((r) => r.type === 'done')).toBe(false);
  });
});

describe('search worker handler: a predictor fitted on an imported table', () => {
  const space = getSpace('mini');
  const rng = createRng(9);
  const entries = Array.from({ length: 30 }, (_, i) => ({ genome: sampleGenome(space, rng), accuracy: 0.7 + ((i * 7) % 11) / 100 }));

  it("is core's fit on the same rows; a table that is not one is named", async () => {
    const { handler, replies, post } = harness();
    await handler.handle({ type: 'fitTable', id: 20, table: { space: 'mini', entries, unit: 'fraction' } }, post);
    const done = replies.find((r) => r.type === 'done' && r.job === 'fitTable');
    expect(done?.type === 'done' ? done.result : null).toEqual(fitAndValidate(space, entries, createRng(1)));
    await handler.handle({ type: 'fitTable', id: 21, table: { space: 'tiny', entries, unit: 'fraction' } }, post);
    await handler.handle(
      { type: 'fitTable', id: 22, table: { space: 'mini', entries: [{ genome: {}, accuracy: 2 }], unit: 'fraction' } },
      post,
    );
    const errors = replies.flatMap((r) => (r.type === 'error' ? [r.message] : []));
    expect(errors[0]).toMatch(/^request\.table: not a table/);
    expect(errors[1]).toMatch(/^request\.table\.entries\[0\]: not a subnet of mini/);
  });
});
