/**
 * CIFAR-10 files must give a run something to train on and something to validate on: checked on
 * the dataset `parseCifarBatches` made (which stays as it is: its data order is frozen), before a
 * trainer sees it. Without this a run on no training images trained NaN losses and one on no
 * validation images reported "accuracy NaN %".
 */
import type { Dataset } from './data.js';

/** Largest CIFAR-10 file read (a binary batch is 30,730,000 bytes: 10,000 records). */
export const CIFAR_FILE_MAX_BYTES = 64 * 2 ** 20;
/** Most CIFAR-10 files read at once (the binary version has 6). */
export const CIFAR_MAX_FILES = 16;

/** Why CIFAR-10 files of these names and sizes are not read (too many, too large), or null. */
export function cifarFilesProblem(files: readonly { readonly name: string; readonly bytes: number }[]): string | null {
  if (files.length > CIFAR_MAX_FILES)
    return `${files.length} files, the limit is ${CIFAR_MAX_FILES} (the binary version has 6: data_batch_1–5.bin, test_batch.bin)`;
  const big = files.find((f) => f.bytes > CIFAR_FILE_MAX_BYTES);
  return big
    ? `${big.name.slice(-60)}: ${big.bytes} bytes, the limit is ${CIFAR_FILE_MAX_BYTES} (64 MiB) a file (a CIFAR-10 batch is 30,730,000)`
    : null;
}

/** Why CIFAR-10 files cannot train a supernet (an empty training or validation split), or null. */
export function cifarSplitsProblem(ds: Dataset, files: readonly string[]): string | null {
  const given = `${files.length} file${files.length === 1 ? '' : 's'} (${files
    .slice(0, 3)
    .map((f) => f.slice(-40))
    .join(', ')}${files.length > 3 ? ', …' : ''})`;
  const counts = `training ${ds.train.count}, validation ${ds.val.count}, test ${ds.test.count} images`;
  if (ds.train.count === 0) {
    return `the training split is empty: ${given} give ${counts}; test_batch.bin is kept for testing, add data_batch_*.bin`;
  }
  if (ds.val.count === 0) {
    return `the validation split is empty: ${given} give ${counts}; 10 % of each class's training records (rounded down) are held out for validation, so give at least 10 records of a class (11 without test_batch.bin; data_batch_1.bin holds about 1,000 of each)`;
  }
  return null;
}
