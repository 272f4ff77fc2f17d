import { spawnSync } from 'node:child_process';
import { expandGenome, getSpace, totalParams } from '../src/core/index.js';
import { largestGenome, smallestGenome } from '../src/core/model/macrange.js';

/** Debian's PyTorch (`apt-get install -y python3-torch`); `python3` on PATH may be a pyenv without it. */
export const TORCH_PYTHON = '/usr/bin/python3';
export const TORCH_THREADS = 2;

export interface TorchRow {
  readonly subnet: 'largest' | 'smallest';
  readonly torch: string;
  readonly threads: number;
  readonly batch: number;
  readonly msPerStep: number;
  readonly imagesPerSec: number;
  /** every trainable scalar of the PyTorch module (norms and biases included) */
  readonly params: number;
  /** its convolution and linear weights alone */
  readonly weights: number;
  /** `h4h estimate`'s params for the same genome (weights only: src/core/model/layers.ts totalParams) */
  readonly estimateParams: number;
}

/** Whether `import torch` works under TORCH_PYTHON. */
export function torchAvailable(): boolean {
  const r = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * The same training step as `benchTraining` (forward, softmax cross-entropy, backward, Adam) for the
 * largest and smallest `mini` subnets in PyTorch on the CPU (bench/python/torch_train.py, which builds
 * the subnet from the space and the genome), with the parameter count `h4h estimate` gives each genome.
 */
export function benchTorch(
  batch: number,
  steps: number,
  threads = TORCH_THREADS,
  warmup = 1,
  subnets: readonly TorchRow['subnet'][] = ['largest', 'smallest'],
): TorchRow[] {
  const space = getSpace('mini');
  const rows: TorchRow[] = [];
  for (const subnet of subnets) {
    const g = subnet === 'largest' ? largestGenome(space) : smallestGenome(space);
    const args = [
      'bench/python/torch_train.py',
      JSON.stringify(space),
      JSON.stringify(g),
      '--batch',
      String(batch),
      '--steps',
      String(steps),
      '--warmup',
      String(warmup),
      '--threads',
      String(threads),
    ];
    const r = spawnSync(TORCH_PYTHON, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`torch_train.py exited with ${r.status}: ${(r.stderr || '').trim().split('\n').pop() ?? ''}`);
    const line = r.stdout.trim().split('\n').pop() ?? '';
    const out = JSON.parse(line) as Omit<TorchRow, 'subnet' | 'estimateParams'>;
    rows.push({ ...out, subnet, estimateParams: totalParams(expandGenome(space, g)) });
  }
  return rows;
}
