/**
 * One replica of the data-parallel prototype (bench/dataParallel.ts): its own TF.js CPU backend and
 * supernet; per message it takes the subnet's current weights and its share of the batch, and answers
 * with the loss and the gradients of that share (the mean over its images).
 */
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { getSpace } from '../src/core/index.js';
import type { Genome } from '../src/core/types.js';
import { installFastCpuKernels } from '../src/train/cpuKernels.js';
import { loadPreparedDatasetFromDisk } from '../src/train/dataNode.js';
import { createSupernet, forward, subnetVariables } from '../src/train/supernet.js';
import { imagesTensor } from '../src/train/trainer.js';

export interface ReplicaRequest {
  readonly genome: Genome;
  readonly indices: number[];
  /** the subnet's variables by name, their full values */
  readonly weights: Record<string, Float32Array>;
}
export interface ReplicaReply {
  readonly loss: number;
  readonly grads: Record<string, Float32Array>;
}

const port = parentPort;
if (!port) throw new Error('dataParallelWorker: not in a worker thread');
await tf.setBackend('cpu');
installFastCpuKernels();
const space = getSpace('mini');
const params = createSupernet(space, 1);
const ds = await loadPreparedDatasetFromDisk('fashion-mnist');

port.on('message', (m: ReplicaRequest) => {
  for (const [key, values] of Object.entries(m.weights)) {
    const v = params.get(key) as tf.Variable;
    const t = tf.tensor(values, v.shape);
    v.assign(t);
    t.dispose();
  }
  const x = imagesTensor(ds, ds.train, m.indices);
  const y = tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          m.indices.map((k) => ds.train.labels[k] as number),
          'int32',
        ),
        space.classes,
      )
      .toFloat(),
  );
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(y, forward(space, params, m.genome, x)) as tf.Scalar,
    subnetVariables(space, params, m.genome),
  );
  const out: Record<string, Float32Array> = {};
  for (const [key, v] of params) {
    const g = grads[v.name];
    if (g) out[key] = (g.dataSync() as Float32Array).slice(); // a copy: the backend may share its buffer
  }
  const loss = value.dataSync()[0] as number;
  tf.dispose([x, y, value, ...Object.values(grads)]);
  port.postMessage(
    { loss, grads: out } satisfies ReplicaReply,
    Object.values(out).map((a) => a.buffer as ArrayBuffer),
  );
});
port.postMessage('ready');
