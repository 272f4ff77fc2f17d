/// <reference lib="webworker" />
// The shipped-supernet worker: a TF.js instance of its own on the CPU backend (with the project's
// WebAssembly SIMD kernels), so a shipped-supernet measurement is the same computation as
// `h4h evaluate` whatever backend the training worker picked. Its jobs (a table over jobServer.ts)
// go to shippedSession.ts.
import * as tf from '@tensorflow/tfjs';
import { createFetchReader } from '../train/data';
import { installFastCpuKernels } from '../train/cpuKernels';
import { SHIPPED_DIR } from '../train/shipped';
import { createJobServer } from './jobServer';
import type { ShippedJob, WorkerReply } from './protocol';
import { createShippedSession } from './shippedSession';

declare const self: DedicatedWorkerGlobalScope;

const base = (dir: string): string => new URL(`${import.meta.env.BASE_URL}${dir}/`, self.location.origin).href;
const session = createShippedSession({
  readShipped: createFetchReader(base(SHIPPED_DIR)),
  readData: createFetchReader(base('data')),
  yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
});

let cpu: Promise<void> | null = null;
const cpuBackend = (): Promise<void> => {
  cpu ??= (async () => {
    installFastCpuKernels();
    if (!(await tf.setBackend('cpu'))) throw new Error('TF.js: the CPU backend did not start');
    await tf.ready();
  })();
  return cpu;
};

const server = createJobServer<ShippedJob>(
  {
    shippedInfo: (r) => session.info(r.space),
    shippedLog: (r) => session.log(r.space),
    shippedEvaluate: async (r, job) => {
      await cpuBackend();
      return session.evaluate(r.space, r.genome, { progress: (stage) => job.post({ kind: 'shipped', stage }), cancelled: job.cancelled });
    },
  },
  (type) => `the shipped-supernet worker does not handle "${type.slice(0, 40)}"`,
);

self.onmessage = (event: MessageEvent<unknown>) => {
  void server.handle(event.data, (reply: WorkerReply) => self.postMessage(reply));
};
