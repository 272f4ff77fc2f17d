/**
 * A prototype, in the bench only (not wired into `h4h train` or the trainer): data-parallel training
 * on TF.js's CPU backend over worker_threads. Two replicas (bench/dataParallelWorker.ts), each with
 * its own backend, compute the gradients of half the batch; the main thread averages them (the mean
 * over the whole batch, as the halves are equal) and takes one Adam step, then sends the updated
 * weights with the next step's halves. BatchNorm normalises each half by its own statistics (as
 * PyTorch's DistributedDataParallel does without SyncBatchNorm), so the step is not the one-replica
 * step's arithmetic: this measures throughput only.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import * as tf from '@tensorflow/tfjs';
import { getSpace } from '../src/core/index.js';
import { largestGenome, smallestGenome } from '../src/core/model/macrange.js';
import type { SubnetTrainBench } from '../src/train/bench.js';
import { loadPreparedDatasetFromDisk } from '../src/train/dataNode.js';
import { createOptimizer } from '../src/train/optimizer.js';
import { createSupernet, disposeSupernet, subnetVariables } from '../src/train/supernet.js';
import type { ReplicaReply, ReplicaRequest } from './dataParallelWorker.js';

const WORKER_FILE = path.resolve('node_modules/.cache/h4h-bench/dataParallelWorker.mjs');

async function startReplica(): Promise<Worker> {
  const w = new Worker(WORKER_FILE);
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  return w;
}

const ask = (w: Worker, m: ReplicaRequest): Promise<ReplicaReply> =>
  new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.postMessage(m);
  });

/** images/s of the largest and smallest `mini` subnets' steps, `replicas` workers each taking batch/replicas images. */
export async function benchDataParallel(batch: number, steps: number, replicas = 2, warmup = 1): Promise<SubnetTrainBench[]> {
  await build({
    entryPoints: ['bench/dataParallelWorker.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    outfile: WORKER_FILE,
  });
  await tf.setBackend('cpu');
  const space = getSpace('mini');
  const ds = await loadPreparedDatasetFromDisk('fashion-mnist');
  const workers = await Promise.all(Array.from({ length: replicas }, startReplica));
  const rows: SubnetTrainBench[] = [];
  try {
    for (const [subnet, g] of [
      ['largest', largestGenome(space)],
      ['smallest', smallestGenome(space)],
    ] as const) {
      const params = createSupernet(space, 1);
      const optimizer = createOptimizer('adam', params);
      const keys = new Map(subnetVariables(space, params, g).map((v) => [v.name, v]));
      const names = [...params].filter(([, v]) => keys.has(v.name)).map(([k]) => k);
      const share = batch / replicas;
      const step = async (i: number): Promise<void> => {
        const weights = Object.fromEntries(names.map((k) => [k, (params.get(k) as tf.Variable).dataSync() as Float32Array]));
        const replies = await Promise.all(
          workers.map((w, r) =>
            ask(w, { genome: g, weights, indices: Array.from({ length: share }, (_, j) => (i * batch + r * share + j) % ds.train.count) }),
          ),
        );
        const byName = new Map<string, tf.Tensor>();
        for (const k of Object.keys(replies[0]?.grads ?? {})) {
          const sum = new Float32Array((replies[0] as ReplicaReply).grads[k]?.length ?? 0);
          for (const rep of replies) {
            const part = rep.grads[k] as Float32Array;
            for (let e = 0; e < sum.length; e++) sum[e] = (sum[e] as number) + (part[e] as number) / replicas;
          }
          byName.set(k, tf.tensor(sum, (params.get(k) as tf.Variable).shape));
        }
        optimizer.apply(byName, 1e-3);
        tf.dispose([...byName.values()]);
      };
      try {
        for (let i = 0; i < warmup; i++) await step(i);
        const t0 = performance.now();
        for (let i = 0; i < steps; i++) await step(warmup + i);
        const ms = (performance.now() - t0) / steps;
        rows.push({ subnet, batch, steps, msPerStep: ms, imagesPerSec: (batch * 1000) / ms, peakBytes: 0 });
      } finally {
        optimizer.dispose();
        disposeSupernet(params);
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return rows;
}
