// Node side of data.ts: reads the prepared binaries from disk (tests, the CLI's `train`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPreparedDataset, type Dataset, type PreparedDatasetId } from './data';

/**
 * Loads a dataset prepared by `npm run data` from `root` (default `public/data`, relative to the
 * working directory). A missing file says to run `npm run data`.
 */
export function loadPreparedDatasetFromDisk(name: PreparedDatasetId, root = 'public/data'): Promise<Dataset> {
  return loadPreparedDataset(name, async (file) => {
    const path = join(root, file);
    try {
      return new Uint8Array(await readFile(path));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') {
        throw new Error(`${path} is missing: run \`npm run data\` to prepare the datasets`);
      }
      throw err;
    }
  });
}
