// Issue 14: the page's CIFAR-10 picker refuses files that leave the training or validation split empty.
import { describe, expect, it } from 'vitest';
import { parseCifarBatches } from '../train/data';
import { cifarSplitsProblem } from '../train/cifarSplits';
import { createSession } from './trainSession';
import { memoryStore } from './checkpointStore';

/** CIFAR-10 records with these labels (pixels zero). */
const records = (labels: readonly number[]): Uint8Array => {
  const b = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => (b[i * 3073] = l));
  return b;
};

describe('CIFAR-10 files picked in the page', () => {
  it('the page refuses the same files when they are picked; enough records pass', async () => {
    const s = createSession({
      readData: async () => new Uint8Array(0),
      store: memoryStore(),
      now: () => 0,
      yieldToEvents: async () => undefined,
      backend: () => 'cpu',
    });
    const picked = (name: string, bytes: Uint8Array) => [{ name, file: new Blob([bytes as Uint8Array<ArrayBuffer>]) as File }];
    await expect(s.loadCifar(picked('test_batch.bin', records([1, 2, 3])))).rejects.toThrow(
      'the training split is empty: 1 file (test_batch.bin) give training 0, validation 0, test 3 images',
    );
    await expect(s.loadCifar(picked('data_batch_1.bin', records([5, 5, 5])))).rejects.toThrow('the validation split is empty');
    const hundred = records(Array.from({ length: 100 }, (_, i) => i % 10));
    expect(
      cifarSplitsProblem(
        parseCifarBatches([
          { name: 'data_batch_1.bin', bytes: hundred },
          { name: 'test_batch.bin', bytes: records([0]) },
        ]),
        ['data_batch_1.bin', 'test_batch.bin'],
      ),
    ).toBeNull();
    // 11 of a class without test_batch.bin: 1 held out for testing, 1 for validation
    expect(await s.loadCifar(picked('data_batch_1.bin', records(Array.from({ length: 110 }, (_, i) => i % 10))))).toMatchObject({
      train: 90,
      val: 10,
      test: 10,
    });
    await expect(s.loadCifar(picked('data_batch_1.bin', hundred))).rejects.toThrow('the validation split is empty');
  });
});
