/// <reference lib="webworker" />
// The shipped-supernet worker: a TF.js instance of its own on the CPU backend (with the project's
// WebAssembly SIMD kernels), so a shipped-supernet measurement is the same computation as
// `h4h evaluate` whatever backend the training worker picked. Messages go to shippedSession.ts.
import * as tf from '@tensorflow/tfjs';
import { createFetchReader } from '../train/data';
import { installFastCpuKernels } from '../train/cpuKernels';
import { SHIPPED_DIR } from '../train/shipped';
import type { WorkerReply, WorkerRequest } from './protocol';
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

const cancelled = new Set<number>();

async function handle(request: WorkerRequest, post: (reply: WorkerReply) => void): Promise<void> {
  const id = request.id;
  try {
    switch (request.type) {
      case 'cancel':
        cancelled.add(id);
        return;
      case 'shippedInfo':
        post({ type: 'shipped', id, info: await session.info(request.space) });
        return;
      case 'shippedLog':
        post({ type: 'log', id, log: await session.log(request.space) });
        return;
      case 'shippedEvaluate': {
        await cpuBackend();
        const result = await session.evaluate(request.space, request.genome, {
          progress: (stage) => post({ type: 'progress', id, progress: { kind: 'shipped', stage } }),
          cancelled: () => cancelled.has(id),
        });
        post({ type: 'accuracy', id, result });
        return;
      }
      default:
        throw new Error(`the shipped-supernet worker does not handle "${request.type}"`);
    }
  } catch (e) {
    const superseded = e instanceof Error && e.name === 'SupersededError';
    post({ type: 'error', id, message: e instanceof Error ? e.message : String(e), ...(superseded ? { superseded: true as const } : {}) });
  } finally {
    if (request.type !== 'cancel') cancelled.delete(id);
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void handle(event.data, (reply: WorkerReply) => self.postMessage(reply));
};
