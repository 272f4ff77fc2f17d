/**
 * Training throughput of one subnet (SPEC §10: images/s of the largest and smallest `mini` subnets
 * at batch 64, per backend; peak memory). The same function runs in Node (`npm run bench`) and in the
 * page's worker (the browser part of the bench), so the numbers compare.
 */
import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { largestGenome, smallestGenome } from '../core/model/macrange.js';
import type { SubnetTrainBench, TrainBench } from '../core/training/trainConfig.js';
import type { Genome, SearchSpace } from '../core/types.js';
import { installFastCpuKernels } from './cpuKernels.js';
import type { Dataset } from './data.js';
import { createOptimizer } from './optimizer.js';
import { createSupernet, disposeSupernet, forward, subnetVariables } from './supernet.js';
import { imagesTensor } from './trainer.js';

export type { SubnetTrainBench, TrainBench } from '../core/training/trainConfig.js';

const clock = (): number => performance.now();

interface WebGpuBackendLike {
  runWebGPUProgram(program: unknown, inputs: unknown, dtype: unknown, uniforms?: unknown, output?: unknown): tf.TensorInfo;
}

/**
 * Counts the GPU programs the WebGPU backend dispatches until `stop()` (its `runWebGPUProgram`,
 * wrapped; an empty output is not dispatched, so not counted); null on other backends.
 */
function countDispatches(): { readonly count: number; stop(): void } | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const backend = tf.backend() as unknown as WebGpuBackendLike;
  const run = backend.runWebGPUProgram;
  if (typeof run !== 'function') return null;
  const counter = {
    count: 0,
    stop: () => {
      backend.runWebGPUProgram = run;
    },
  };
  backend.runWebGPUProgram = function (this: WebGpuBackendLike, ...args: Parameters<WebGpuBackendLike['runWebGPUProgram']>) {
    const shape = (args[0] as { outputShape: number[] }).outputShape;
    if (shape.every((d) => d > 0)) counter.count++;
    return run.apply(this, args);
  };
  return counter;
}

/** Trains one subnet alone (cross-entropy, Adam) and times its steps; the data is read each step. */
async function benchSubnet(
  space: SearchSpace,
  ds: Dataset,
  g: Genome,
  subnet: SubnetTrainBench['subnet'],
  batch: number,
  steps: number,
  warmup = 1,
): Promise<SubnetTrainBench> {
  installFastCpuKernels();
  const params = createSupernet(space, 1);
  const optimizer = createOptimizer('adam', params);
  const vars = subnetVariables(space, params, g);
  const step = async (i: number): Promise<void> => {
    const idx = Array.from({ length: batch }, (_, j) => (i * batch + j) % ds.train.count);
    const x = imagesTensor(ds, ds.train, idx);
    const y = tf.tidy(() =>
      tf
        .oneHot(
          tf.tensor1d(
            idx.map((k) => at(ds.train.labels, k)),
            'int32',
          ),
          space.classes,
        )
        .toFloat(),
    );
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, forward(space, params, g, x)) as tf.Scalar, vars);
    const byName = new Map<string, tf.Tensor>();
    for (const [key, v] of params) if (grads[v.name]) byName.set(key, grads[v.name] as tf.Tensor);
    optimizer.apply(byName, 1e-3);
    await value.data(); // waits for the GPU: the step is done
    tf.dispose([x, y, value, ...Object.values(grads)]);
  };
  try {
    for (let i = 0; i < warmup; i++) await step(i);
    const t0 = clock();
    for (let i = 0; i < steps; i++) await step(warmup + i);
    const ms = (clock() - t0) / steps;
    const counter = countDispatches();
    let profile: Awaited<ReturnType<typeof tf.profile>>;
    try {
      profile = await tf.profile(() => step(0));
    } finally {
      counter?.stop();
    }
    const perStep = { kernels: profile.kernels.length, ...(counter ? { dispatches: counter.count } : {}) };
    return { subnet, batch, steps, msPerStep: ms, imagesPerSec: (batch * 1000) / ms, peakBytes: profile.peakBytes, perStep };
  } finally {
    optimizer.dispose();
    disposeSupernet(params);
  }
}

/** One subnet of `space` (the largest or the smallest) on the current backend, after `warmup` untimed steps. */
export async function benchTrainingSubnet(
  space: SearchSpace,
  ds: Dataset,
  subnet: SubnetTrainBench['subnet'],
  batch: number,
  steps = 3,
  warmup = 1,
): Promise<SubnetTrainBench> {
  return benchSubnet(space, ds, subnet === 'largest' ? largestGenome(space) : smallestGenome(space), subnet, batch, steps, warmup);
}

/** The largest and the smallest subnet of `space` on the current backend. */
export async function benchTraining(space: SearchSpace, ds: Dataset, batch = 64, steps = 3): Promise<TrainBench> {
  const rows = [
    await benchSubnet(space, ds, largestGenome(space), 'largest', batch, steps),
    await benchSubnet(space, ds, smallestGenome(space), 'smallest', batch, steps),
  ];
  return { backend: tf.getBackend(), rows };
}
