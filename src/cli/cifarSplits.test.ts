// Issue 14: CIFAR-10 files that leave the training or the validation split empty are refused with
// the split named (before: NaN losses, "accuracy NaN %", exit 0), in the CLI (the page's worker: src/workers/cifarSplits.test.ts).
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync } from './runInProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'h4h-cifar-splits-'));
/** CIFAR-10 records with these labels (pixels zero). */
const records = (labels: readonly number[]): Uint8Array => {
  const b = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => (b[i * 3073] = l));
  return b;
};
const train = [
  'train',
  '--space',
  'mini-cifar',
  '--steps',
  '1',
  '--batch',
  '4',
  '--random',
  '0',
  '--eval-images',
  '4',
  '--calibration-images',
  '4',
];

describe('CIFAR-10 files with an empty split', () => {
  it('only test_batch.bin: refused, naming the training split', async () => {
    const folder = mkdtempSync(join(dir, 'test-only-'));
    writeFileSync(join(folder, 'test_batch.bin'), records(Array.from({ length: 40 }, (_, i) => i % 10)));
    const r = await runCliAsync(...train, '--cifar', folder);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--cifar: the training split is empty: 1 file (');
    expect(r.stderr).toContain('give training 0, validation 0, test 40 images');
  }, 60_000);

  it('nine records, one per class: refused, naming the validation split', async () => {
    const file = join(dir, 'data_batch_1.bin');
    writeFileSync(file, records([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    const r = await runCliAsync(...train, '--cifar', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--cifar: the validation split is empty: 1 file (');
    expect(r.stderr).toContain('give training 9, validation 0, test 0 images');
  }, 60_000);
});

describe('CIFAR-10 file limits', () => {
  it('a device or an oversize file is refused before it is read', async () => {
    const dev = await runCliAsync(...train, '--cifar', '/dev/zero');
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain('--cifar: "/dev/zero" is not a regular file');
    const big = join(dir, 'data_batch_9.bin');
    writeFileSync(big, '');
    truncateSync(big, 64 * 2 ** 20 + 3073); // sparse: nothing is written
    const r = await runCliAsync(...train, '--cifar', big);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`data_batch_9.bin: ${64 * 2 ** 20 + 3073} bytes, the limit is 67108864 (64 MiB) a file`);
  });
});
