/**
 * The page's shipped-supernet worker session and `h4h evaluate` give the same number for the same
 * subnet (they share `supernetEvaluator` and the manifest's evaluation settings); a file that does not
 * match the manifest is refused with its name. Reads the shipped files from public/supernet/, so it
 * holds for whichever checkpoint is shipped (no number of it is written here).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINI, smallestGenome } from './core';
import { runEvaluate } from './cli/supernet';
import { createShippedSession, type ShippedControl } from './workers/shippedSession';

const asked: string[] = [];
const readData = async (file: string): Promise<Uint8Array> => {
  asked.push(file);
  return new Uint8Array(await readFile(join('public/data', file)));
};
const readShipped = async (file: string): Promise<Uint8Array> => new Uint8Array(await readFile(join('public/supernet', file)));
const control = (stages: string[] = []): ShippedControl => ({ progress: (s) => void stages.push(s), cancelled: () => false });
const yieldToEvents = (): Promise<void> => Promise.resolve();

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('shipped supernet: page session against h4h evaluate', () => {
  it('the same accuracy, images and steps for the smallest subnet; the manifest and predictor are checked and agree', async () => {
    const session = createShippedSession({ readShipped, readData, yieldToEvents });
    const info = await session.info('mini');
    expect(info).not.toBeNull();
    const manifest = JSON.parse(await readFile('public/supernet/manifest.json', 'utf8')) as {
      supernets: { id: string; weights: { sha256: string }; steps: number }[];
    };
    expect(info?.entry.id).toBe(manifest.supernets[0]?.id);
    expect(info?.predictor.weightsSha256).toBe(manifest.supernets[0]?.weights.sha256);
    const stages: string[] = [];
    const g = smallestGenome(MINI);
    const page = await session.evaluate('mini', g, control(stages));
    const cli = await runEvaluate(
      { space: MINI, genome: g, checkpoint: undefined, images: undefined, calibrationImages: undefined, json: true },
      () => undefined,
    );
    expect(page.accuracy).toBe(cli.accuracy);
    expect(page.images).toBe(cli.images);
    expect(page.step).toBe(cli.checkpoint.steps);
    expect(stages).toEqual([`fetching and checking ${info?.entry.weights.file}`, 'loading the fashion-mnist images', 'measuring']);
    // the page reads the validation split and the shipped calibration images, never the training split
    expect(info?.entry.calibration?.bytes).toBe(
      info?.entry.evaluation.calibrationImages === undefined ? -1 : info.entry.evaluation.calibrationImages * 28 * 28,
    );
    expect(asked.some((f) => f.includes('train-'))).toBe(false);
    expect(asked).toContain('fashion-mnist/val-images.u8');
    // the weights are kept: a second subnet only measures
    stages.length = 0;
    await session.evaluate('mini', g, control(stages));
    expect(stages).toEqual(['measuring']);
    expect(await session.info('mini-cifar')).toBeNull();
    // the training log, checked against the manifest, is the file's
    const log = await session.log('mini');
    const file = JSON.parse(await readFile(`public/supernet/${info?.entry.log.file}`, 'utf8')) as { history: { steps: unknown[] } };
    expect(log.history.steps).toHaveLength(file.history.steps.length);
  }, 120_000);

  it("a weights file that is not the manifest's is refused with its name; nothing is measured", async () => {
    const tampered = async (file: string): Promise<Uint8Array> => {
      const b = await readShipped(file);
      if (file.endsWith('.safetensors')) b[b.length - 1] = (b[b.length - 1] ?? 0) ^ 1;
      return b;
    };
    const session = createShippedSession({ readShipped: tampered, readData, yieldToEvents });
    await expect(session.evaluate('mini', smallestGenome(MINI), control())).rejects.toThrow(
      /mini-fashion-mnist\.safetensors does not match its SHA-256 in the manifest/,
    );
    // the calibration images are checked like every file: a changed one is refused, naming it
    const calibration = createShippedSession({
      readShipped: async (f) => {
        const b = await readShipped(f);
        if (f.endsWith('.calibration.u8')) b[0] = (b[0] ?? 0) ^ 1;
        return b;
      },
      readData,
      yieldToEvents,
    });
    await expect(calibration.evaluate('mini', smallestGenome(MINI), control())).rejects.toThrow(
      /mini-fashion-mnist\.calibration\.u8 does not match its SHA-256 in the manifest/,
    );
    const short = createShippedSession({
      readShipped: async (f) => (f.endsWith('.json') && f !== 'manifest.json' ? (await readShipped(f)).subarray(1) : readShipped(f)),
      readData,
      yieldToEvents,
    });
    await expect(short.info('mini')).rejects.toThrow(/predictor\.json is \d+ bytes, the manifest says \d+/);
  }, 120_000);
});
