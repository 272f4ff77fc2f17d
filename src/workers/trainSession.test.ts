import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, DEFAULT_TRAIN, defaultGenome, MINI, sampleGenome, smallestGenome, type TrainConfig } from '../core';
import { memoryStore } from './checkpointStore';
import type { Progress } from './protocol';
import { createSession, type JobControl, type Session } from './trainSession';

/** A tiny run of `mini` on the prepared Fashion-MNIST: a step takes well under a second on the CPU. */
const CFG: TrainConfig = {
  ...DEFAULT_TRAIN,
  steps: 4,
  batch: 4,
  randomSubnets: 0,
  evalEvery: 0,
  evalImages: 20,
  calibrationImages: 8,
  checkpointEvery: 2,
  warmupSteps: 0,
};

function session(store = memoryStore()): { s: Session; store: ReturnType<typeof memoryStore> } {
  let t = 0;
  const s = createSession({
    readData: async (file) => new Uint8Array(await readFile(join('public/data', file))),
    store,
    now: () => (t += 100),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
    backend: () => 'cpu',
  });
  return { s, store };
}

/** A job whose progress is recorded; `pauseAfter`/`cancelAfter` steps ask it to stop. */
function job(opts: { pauseAfter?: number; cancelAfter?: number } = {}): JobControl & { seen: Progress[] } {
  const seen: Progress[] = [];
  const steps = () => seen.filter((p) => p.kind === 'step').length;
  return {
    seen,
    post: (p) => void seen.push(p),
    paused: () => opts.pauseAfter !== undefined && steps() >= opts.pauseAfter,
    cancelled: () => opts.cancelAfter !== undefined && steps() >= opts.cancelAfter,
  };
}

beforeAll(async () => {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/prepare-data.ts']);
  await tf.setBackend('cpu');
});

describe('training session (the worker side, without a Worker)', () => {
  it('trains to the end with progress, a checkpoint every N steps and a final evaluation', async () => {
    const { s, store } = session();
    const j = job();
    const outcome = await s.train(CFG, false, j);
    expect(outcome).toEqual({ reason: 'done', step: 4, checkpointStep: 4 });
    // the final evaluation is announced before it runs, so the page says "evaluating", not "0 s left"
    expect(j.seen.map((p) => p.kind)).toEqual(['start', 'step', 'step', 'checkpoint', 'step', 'step', 'evaluating', 'eval', 'checkpoint']);
    expect(j.seen[6]).toEqual({ kind: 'evaluating', step: 4, final: true });
    expect(j.seen[0]).toMatchObject({ kind: 'start', step: 0, steps: 4, resumed: null });
    const steps = j.seen.flatMap((p) => (p.kind === 'step' ? [p] : []));
    // throughput and time left from the first step on: 4 images per 100 ms of the fake clock,
    // 3 steps of 100 ms left (the one evaluation not yet timed counts 0)
    expect(steps[0]?.imagesPerSec).toBeCloseTo(4 * 10, 9);
    expect(steps[0]?.etaSec).toBeCloseTo(0.3, 9);
    expect(steps[2]?.etaSec).toBeCloseTo(0.1, 9);
    expect(steps[3]?.etaSec).toBe(0);
    expect((await store.load())?.step).toBe(4);
    const acc = await s.evaluate(defaultGenome(MINI));
    expect(acc.images).toBe(20);
    expect(acc.step).toBe(4);
    expect(Math.round(acc.accuracy * 20)).toBeCloseTo(acc.accuracy * 20, 9);
    const model = await s.exportSubnet(smallestGenome(MINI));
    expect(JSON.parse(model.modelJson).format).toBe('graph-model');
    expect(model.weights.byteLength).toBeGreaterThan(1000);
    await expect(s.evaluate({ ...defaultGenome(MINI), space: 'nasvit' })).rejects.toThrow(
      'genome: the supernet is trained on space "mini", this subnet is of "nasvit"',
    );
  }, 120_000);

  it('pause checkpoints the step reached; a new session resumes from the store and finishes identically', async () => {
    const store = memoryStore();
    const a = session(store).s;
    const paused = await a.train(CFG, false, job({ pauseAfter: 1 }));
    expect(paused).toEqual({ reason: 'paused', step: 1, checkpointStep: 1 });
    const b = session(store).s; // as after a page reload: nothing in memory
    expect((await b.checkpointInfo())?.step).toBe(1);
    const j = job();
    expect(await b.train(CFG, true, j)).toEqual({ reason: 'done', step: 4, checkpointStep: 4 });
    const start = j.seen[0];
    expect(start?.kind === 'start' && start.step).toBe(1);
    expect(start?.kind === 'start' && start.resumed).toBe('store');
    expect(start?.kind === 'start' && start.history.steps).toHaveLength(1);
    // the same run without the pause
    const c = session().s;
    const straight = job();
    await c.train(CFG, false, straight);
    const losses = (x: Progress[]) => x.flatMap((p) => (p.kind === 'step' ? [p.log.losses] : []));
    expect(losses(j.seen)).toEqual(losses(straight.seen).slice(1));
  }, 120_000);

  it('resume after a pause keeps the supernet in memory: no store read, same losses as a straight run', async () => {
    const inner = memoryStore();
    let loads = 0;
    const store = { ...inner, load: () => ((loads += 1), inner.load()) };
    const { s } = session(store);
    expect(await s.train(CFG, false, job({ pauseAfter: 2 }))).toEqual({ reason: 'paused', step: 2, checkpointStep: 2 });
    const j = job();
    expect(await s.train(CFG, true, j)).toEqual({ reason: 'done', step: 4, checkpointStep: 4 });
    expect(j.seen[0]).toMatchObject({ kind: 'start', step: 2, resumed: 'memory' });
    expect(loads).toBe(0);
    // the checkpoint's info comes from what the session wrote, not from reading it back
    expect((await s.checkpointInfo())?.step).toBe(4);
    expect(loads).toBe(0);
    const straight = job();
    await session().s.train(CFG, false, straight);
    const losses = (x: Progress[]) => x.flatMap((p) => (p.kind === 'step' ? [p.log.losses] : []));
    expect(losses(j.seen)).toEqual(losses(straight.seen).slice(2));
  }, 120_000);

  it('resume with other evaluation settings reads the store; a measurement in progress gives way to the run', async () => {
    const { s } = session();
    await s.train(CFG, false, job({ pauseAfter: 1 }));
    const changed = job();
    expect(await s.train({ ...CFG, evalImages: 12 }, true, changed)).toEqual({ reason: 'done', step: 4, checkpointStep: 4 });
    expect(changed.seen[0]).toMatchObject({ kind: 'start', step: 1, resumed: 'store' });
    // a measurement asked for, then a run started before it got the supernet: it gives way
    await s.train({ ...CFG, steps: 6 }, false, job({ pauseAfter: 1 }));
    const measuring = s.evaluate(defaultGenome(MINI));
    const run = s.train({ ...CFG, steps: 6 }, true, job({ pauseAfter: 1 }));
    await expect(measuring).rejects.toMatchObject({
      name: 'SupersededError',
      message: expect.stringContaining('gave way to the training run'),
    });
    expect(await run).toEqual({ reason: 'paused', step: 2, checkpointStep: 2 });
    // once the run is paused, measuring works again, on the weights of the pause
    expect((await s.evaluate(defaultGenome(MINI))).step).toBe(2);
  }, 120_000);

  it('cancel stops within a step and keeps the last checkpoint; resuming another space is refused', async () => {
    const { s, store } = session();
    expect(await s.train(CFG, false, job({ cancelAfter: 3 }))).toEqual({ reason: 'cancelled', step: 3, checkpointStep: 2 });
    expect((await store.load())?.step).toBe(2);
    // queries see the stored weights, not the cancelled run's unsaved step
    expect((await s.evaluate(defaultGenome(MINI))).step).toBe(2);
    await expect(s.train({ ...CFG, space: 'mini-cifar', dataset: 'cifar10' }, true, job())).rejects.toThrow(
      /CIFAR-10 is not embedded|space "mini"/,
    );
    await expect(s.train({ ...CFG, seed: 5 }, true, job())).rejects.toThrow(
      'checkpoint: trained with other settings (seed 1 → 5); set them back to resume, or start a new run',
    );
    await s.clearCheckpoint();
    await expect(s.train(CFG, true, job())).rejects.toThrow('checkpoint: there is none to resume; start a new run');
    await expect(s.evaluate(defaultGenome(MINI))).rejects.toThrow('supernet: not trained yet');
  }, 120_000);

  it('fits the predictor on supernet-evaluated subnets and reports its Kendall τ', async () => {
    const { s } = session();
    await s.train({ ...CFG, steps: 2 }, false, job());
    const j = job();
    const p = await s.fitPredictor(12, 3, j);
    expect(p.trainedOn).toBe(12);
    expect(p.heldOut).toBeGreaterThanOrEqual(2);
    expect(j.seen.filter((x) => x.kind === 'sample')).toHaveLength(12);
    // the same subnets as sampleGenome with that seed, so a user can reproduce them
    expect(sampleGenome(MINI, createRng(3)).space).toBe('mini');
  }, 120_000);
});

describe('a failed device', () => {
  it('stops the run before its next step with the reason; the checkpoint stays and the run resumes from it', async () => {
    const { s, store } = session();
    const j = job();
    let failed = false;
    const failing: JobControl = {
      ...j,
      post: (p) => {
        j.post(p);
        if (!failed && p.kind === 'checkpoint' && p.step === 2) {
          failed = true;
          s.fail('GPU device lost (destroyed)');
        }
      },
    };
    await expect(s.train(CFG, false, failing)).rejects.toThrow(
      'GPU device lost (destroyed): training stopped at step 2; the checkpoint of step 2 is kept, resume from it',
    );
    expect((await store.load())?.step).toBe(2);
    expect(await s.train(CFG, true, job())).toEqual({ reason: 'done', step: 4, checkpointStep: 4 });
  }, 60_000);
});
