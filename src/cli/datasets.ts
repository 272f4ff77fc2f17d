/**
 * The embedded datasets for the CLI (`train`, `evaluate`, the predictor): read from `root` as
 * prepared by `npm run data`, prepared first when they are not there — right after `npm ci` the CLI
 * works without that step. The same code as `npm run data` (scripts/prepare-data.ts) does it, with
 * one line on stderr saying so.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareAll } from '../../scripts/prepare-data.js';
import type { Dataset, PreparedDatasetId } from '../train/data.js';
import { loadPreparedDatasetFromDisk } from '../train/dataNode.js';

export const DATA_ROOT = 'public/data';

/** Loads a prepared dataset from `root`, preparing the datasets there first when its manifest is missing. */
export async function loadEmbeddedDataset(
  name: PreparedDatasetId,
  root = DATA_ROOT,
  note: (line: string) => void = (s) => void process.stderr.write(s),
): Promise<Dataset> {
  if (!existsSync(join(root, name, 'manifest.json'))) {
    note(`h4h: the embedded datasets are not prepared yet; preparing them under ${root} (what \`npm run data\` does, a few seconds)\n`);
    prepareAll({ outRoot: resolve(root), log: () => undefined });
  }
  return loadPreparedDatasetFromDisk(name, root);
}
