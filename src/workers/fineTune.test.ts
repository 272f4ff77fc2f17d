/**
 * A new training run that fine-tunes the shipped supernet (issue 13) starts from its weights: after
 * one small step the smallest subnet is still far above chance, where a run from scratch is near it.
 * The shipped files are read from public/supernet/ (checked against the manifest), so no number of
 * them is written here beyond "well above chance".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TRAIN, MINI, smallestGenome, type TrainConfig } from '../core';
import { memoryStore } from './checkpointStore';
import type { Progress } from './protocol';
import { createSession, type JobControl } from './trainSession';

const read =
  (dir: string) =>
  async (file: string): Promise<Uint8Array> =>
    new Uint8Array(await readFile(join(dir, file)));
const session = (readShipped = read('public/supernet')) => {
  let t = 0;
  return createSession({
    readData: read('public/data'),
    readShipped,
    store: memoryStore(),
    now: () => (t += 100),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
    backend: () => 'cpu',
  });
};
const job = (): JobControl => ({ post: (_p: Progress) => undefined, paused: () => false, cancelled: () => false });
const CFG: TrainConfig = {
  ...DEFAULT_TRAIN,
  space: 'mini',
  dataset: 'fashion-mnist',
  steps: 1,
  batch: 8,
  randomSubnets: 0,
  warmupSteps: 0,
  learningRate: 1e-5,
  evalImages: 200,
  calibrationImages: 64,
  checkpointEvery: 1,
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('fine-tuning the shipped supernet', () => {
  it('starts from the shipped weights (the smallest subnet well above chance after one step), from scratch it does not', async () => {
    const tuned = session();
    expect((await tuned.train(CFG, false, job(), 'shipped')).reason).toBe('done');
    const a = await tuned.evaluate(smallestGenome(MINI));
    const scratch = session();
    expect((await scratch.train(CFG, false, job())).reason).toBe('done');
    const b = await scratch.evaluate(smallestGenome(MINI));
    expect(a.accuracy).toBeGreaterThan(0.5);
    expect(b.accuracy).toBeLessThan(0.35);
  }, 300_000);

  it("refuses another dataset than the shipped supernet's, and a tampered weights file, naming it", async () => {
    await expect(session().train({ ...CFG, dataset: 'mnist' }, false, job(), 'shipped')).rejects.toThrow(
      /fine-tune: the shipped supernet was trained on fashion-mnist, not mnist/,
    );
    const tampered = async (file: string): Promise<Uint8Array> => {
      const b = await read('public/supernet')(file);
      if (file.endsWith('.safetensors')) b[100] = (b[100] ?? 0) ^ 0xff;
      return b;
    };
    await expect(session(tampered).train(CFG, false, job(), 'shipped')).rejects.toThrow(
      /\.safetensors does not match its SHA-256 in the manifest/,
    );
  }, 120_000);
});
