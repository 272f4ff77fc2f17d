/**
 * A training run of the session, phase by phase: where its supernet comes from (`supernetFor`: new,
 * the shipped weights, the one in memory, the stored checkpoint), its steps with their progress,
 * periodic evaluations and checkpoints (`runSteps`), and how it ends — done, paused after a
 * checkpoint, cancelled, or stopped by a lost device with the checkpoint kept (`failed`). Every step
 * takes the session's lock, so a query waits at most one step.
 */
import { getSpace, type TrainConfig } from '../core';
import { decodeSupernet } from '../train/checkpointFile';
import { parseManifest, shippedFor, verified } from '../train/shipped';
import { checkpointProblem, createTrainer, type Checkpoint, type Trainer } from '../train/trainer';
import { checkpointInfo, sameConfig } from './checkpointStore';
import { createEta, evaluationsLeft } from './eta';
import type { JobControl } from './jobServer';
import type { Resumed, TrainOutcome } from './protocol';
import { datasetOf, exclusive, loadStored, replace, type SessionState } from './sessionState';

/** A run in progress: its supernet, and the step of its checkpoint in the store (null: none). */
interface Run {
  readonly t: Trainer;
  saved: number | null;
  readonly config: TrainConfig;
  readonly job: JobControl;
}

/** The shipped supernet's weights for `config` (fine-tuning), each file checked against the manifest. */
async function shippedWeights(s: SessionState, config: TrainConfig): Promise<{ readonly variables: Checkpoint['variables'] }> {
  const env = s.env;
  if (!env.readShipped) throw new Error('fine-tune: this page has no shipped supernet to start from');
  const manifest = parseManifest(
    JSON.parse(new TextDecoder().decode(await env.readShipped('manifest.json'))) as unknown,
    'supernet/manifest.json',
  );
  const entry = shippedFor(manifest, config.space);
  if (!entry) throw new Error(`fine-tune: no supernet is shipped for space "${config.space}"; start from scratch`);
  if (entry.dataset !== config.dataset)
    throw new Error(
      `fine-tune: the shipped supernet was trained on ${entry.dataset}, not ${config.dataset}; pick ${entry.dataset} or start from scratch`,
    );
  const w = decodeSupernet(await verified(await env.readShipped(entry.weights.file), entry.weights), entry.weights.file);
  return { variables: w.variables };
}

/**
 * The supernet a run starts from: a new one; for a resume the one in memory when it is the stored
 * checkpoint and was built with the same settings, else the stored checkpoint's. Takes the lock
 * ahead of any query (they give way at their next batch).
 */
async function supernetFor(
  s: SessionState,
  config: TrainConfig,
  resume: boolean,
  init?: 'shipped',
): Promise<{ t: Trainer; resumed: Resumed; saved: number | null }> {
  s.trainWaiting = true;
  try {
    const space = getSpace(config.space);
    const ds = await datasetOf(s, config.dataset);
    const start = !resume && init === 'shipped' ? await shippedWeights(s, config) : undefined;
    return await exclusive(s, async () => {
      s.trainWaiting = false;
      if (!resume) {
        const t = createTrainer(space, ds, config, undefined, start);
        replace(s, t);
        return { t, resumed: null, saved: null };
      }
      const kept = s.trainer;
      if (kept && s.stored?.trainer === kept && s.stored.step === kept.step && sameConfig(kept.config, config)) {
        return { t: kept, resumed: 'memory' as const, saved: kept.step };
      }
      const from = await loadStored(s);
      if (!from) throw new Error('checkpoint: there is none to resume; start a new run');
      const problem = checkpointProblem(from, space, config);
      if (problem) throw new Error(problem);
      const t = createTrainer(space, ds, config, from);
      replace(s, t);
      if (s.stored) s.stored = { ...s.stored, trainer: t };
      return { t, resumed: 'store' as const, saved: from.step };
    });
  } finally {
    s.trainWaiting = false;
  }
}

/** Writes the run's checkpoint (not after a lost device: its tensors are gone); call inside the lock. */
async function save(s: SessionState, run: Run): Promise<void> {
  if (s.failure !== null) return;
  const c = await run.t.checkpoint();
  await s.env.store.save(c);
  run.saved = run.t.step;
  s.stored = { trainer: run.t, step: run.t.step, info: checkpointInfo(c) };
  run.job.post({ kind: 'checkpoint', step: run.t.step });
}

/** The supernet in memory stays only if it is the checkpoint: queries then see stored weights. */
async function settle(s: SessionState, run: Run | null): Promise<void> {
  if (run && run.saved !== run.t.step) await exclusive(s, async () => replace(s, null));
}

/** One training step, its progress, and the evaluation and checkpoint due after it. */
async function step(s: SessionState, run: Run, eta: ReturnType<typeof createEta>): Promise<void> {
  const { t, config, job } = run;
  const t0 = s.env.now();
  const log = await exclusive(s, () => t.trainStep());
  const ms = s.env.now() - t0;
  eta.step(ms);
  const perStep = eta.msPerStep();
  job.post({
    kind: 'step',
    log,
    steps: config.steps,
    stepMs: ms,
    imagesPerSec: perStep ? (config.batch * 1000) / perStep : null,
    etaSec: eta.secondsLeft(config.steps - t.step, evaluationsLeft(t.step, config.steps, config.evalEvery)),
  });
  const done = t.step >= config.steps;
  if ((config.evalEvery > 0 && t.step % config.evalEvery === 0) || done) {
    job.post({ kind: 'evaluating', step: t.step, final: done });
    const e0 = s.env.now();
    const evaluated = await exclusive(s, () => t.evaluateExtremes());
    eta.evaluation(s.env.now() - e0);
    job.post({ kind: 'eval', eval: evaluated });
  }
  if (t.step % config.checkpointEvery === 0 || done) await exclusive(s, () => save(s, run));
}

/** Steps until done, cancelled or paused (after a checkpoint), letting messages in between steps. */
async function runSteps(s: SessionState, run: Run): Promise<TrainOutcome> {
  const { t, config, job } = run;
  const eta = createEta();
  while (t.step < config.steps) {
    if (s.failure !== null) throw new Error(s.failure);
    if (job.cancelled()) {
      await settle(s, run);
      return { reason: 'cancelled', step: t.step, checkpointStep: run.saved };
    }
    if (job.paused()) {
      if (run.saved !== t.step) await exclusive(s, () => save(s, run));
      return { reason: 'paused', step: t.step, checkpointStep: run.saved };
    }
    await step(s, run, eta);
    await s.env.yieldToEvents();
  }
  if (run.saved !== t.step) await exclusive(s, () => save(s, run));
  return { reason: 'done', step: t.step, checkpointStep: run.saved };
}

/** What a run that threw ends with: a lost device's message (and the checkpoint kept), or the error itself. */
async function failed(s: SessionState, run: Run | null, e: unknown): Promise<unknown> {
  if (s.failure !== null) {
    // the device is gone: so are the supernet's tensors; the checkpoint is what remains
    const why = s.failure;
    s.failure = null;
    s.trainer = null;
    const kept = run && run.saved !== null ? `; the checkpoint of step ${run.saved} is kept, resume from it` : '';
    return new Error(`${why}: training stopped at step ${run?.t.step ?? 0}${kept}`);
  }
  await settle(s, run).catch(() => undefined);
  return e;
}

/** Trains (or resumes) until `config.steps`; a cancelled run finishes its current step first, and the next one waits for it. */
export async function trainRun(
  s: SessionState,
  config: TrainConfig,
  resume: boolean,
  job: JobControl,
  init?: 'shipped',
): Promise<TrainOutcome> {
  if (s.running) await s.running.catch(() => undefined);
  let finish = (): void => undefined;
  s.running = new Promise<void>((resolve) => (finish = resolve));
  s.failure = null;
  let run: Run | null = null;
  try {
    const start = await supernetFor(s, config, resume, init);
    run = { t: start.t, saved: start.saved, config, job };
    // a new run's first checkpoint replaces the stored one; until then that one can still be resumed
    job.post({
      kind: 'start',
      step: start.t.step,
      steps: config.steps,
      history: start.t.history,
      backend: s.env.backend(),
      resumed: start.resumed,
    });
    return await runSteps(s, run);
  } catch (e) {
    throw await failed(s, run, e);
  } finally {
    s.running = null;
    finish();
  }
}
