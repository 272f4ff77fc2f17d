/**
 * The data `h4h train` trains on: an embedded set (Fashion-MNIST, MNIST; prepared under the data
 * root when missing) or CIFAR-10 from the binary batch files given with --cifar, size-capped and
 * checked. Every problem is a usage error naming its option.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainConfig } from '../core/index.js';
import { parseCifarBatches, type Dataset } from '../train/data.js';
import { cifarFilesProblem, cifarSplitsProblem } from '../train/cifarSplits.js';
import { UsageError } from './args.js';
import { readInputBytes } from './files.js';
import { loadEmbeddedDataset } from './datasets.js';

/** `--cifar PATH`: a folder of `*.bin` batches, or one file. */
function loadCifar(path: string): Dataset {
  let names: string[];
  try {
    names = statSync(path).isDirectory()
      ? readdirSync(path)
          .filter((n) => n.endsWith('.bin'))
          .sort()
          .map((n) => join(path, n))
      : [path];
  } catch {
    throw new UsageError(
      `--cifar: cannot read "${path.slice(0, 200)}" (give the folder of the binary version's data_batch_*.bin, or one .bin file)`,
    );
  }
  const sized = names.map((n) => {
    const st = statSync(n);
    if (!st.isFile()) throw new UsageError(`--cifar: "${n.slice(-60)}" is not a regular file`);
    return { name: n, bytes: st.size };
  });
  const tooMuch = cifarFilesProblem(sized);
  if (tooMuch) throw new UsageError(`--cifar: ${tooMuch}`);
  let ds: Dataset;
  try {
    ds = parseCifarBatches(names.map((n) => ({ name: n, bytes: readInputBytes('--cifar', n) })));
  } catch (e) {
    throw new UsageError(`--cifar: ${(e as Error).message}`);
  }
  const empty = cifarSplitsProblem(ds, names);
  if (empty) throw new UsageError(`--cifar: ${empty}`);
  return ds;
}

/** The dataset of `cfg` (`cifar`: the --cifar path, only for cifar10). */
export async function loadData(cfg: TrainConfig, cifar: string | undefined, dataRoot: string | undefined): Promise<Dataset> {
  if (cfg.dataset === 'cifar10') {
    if (cifar === undefined)
      throw new UsageError('--cifar: CIFAR-10 is not embedded; give the folder of its binary batches (data_batch_*.bin)');
    return loadCifar(cifar);
  }
  if (cifar !== undefined) throw new UsageError(`--cifar: applies to --dataset cifar10, not ${cfg.dataset}`);
  try {
    return await loadEmbeddedDataset(cfg.dataset as 'fashion-mnist' | 'mnist', dataRoot);
  } catch (e) {
    throw new UsageError(`--dataset: ${(e as Error).message}`);
  }
}
