/// <reference lib="webworker" />
// The TF.js module worker: a thin shell over handler.ts and trainSession.ts. TF.js is imported here
// and by the train modules, which only this worker and the CLI import, so it never lands in the
// main bundle.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu'; // registers the 'webgpu' backend
import { createFetchReader } from '../train/data';
import { timeProbe } from '../train/probe';
import { installWebGpuKernels } from '../train/webgpuKernels';
import type { GpuLike } from './backend';
import { indexedDbStore } from './indexedDbStore';
import { createHandler } from './handler';
import type { BackendName, WorkerReply } from './protocol';
import { createSession } from './trainSession';

declare const self: DedicatedWorkerGlobalScope;

installWebGpuKernels(); // fused BatchNorm and ReLU6-gradient programs: fewer dispatches per training step

const handler = createHandler({
  loadTf: async () => tf,
  gpu: (self.navigator as WorkerNavigator & { gpu?: GpuLike }).gpu,
  // "auto": a short training-like probe on each backend (about 0.1–1 s each here), the fastest wins
  prober: {
    probe: (stop) => timeProbe(() => performance.now(), 400, 3, stop),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    limitMs: 2000,
  },
  onBackend: (info) => {
    if (info.backend === 'webgpu') watchDevice();
  },
  createSession: () =>
    createSession({
      readData: createFetchReader(new URL(`${import.meta.env.BASE_URL}data/`, self.location.origin).href),
      readShipped: createFetchReader(new URL(`${import.meta.env.BASE_URL}supernet/`, self.location.origin).href),
      store: indexedDbStore(),
      now: () => performance.now(),
      yieldToEvents: () => new Promise((resolve) => setTimeout(resolve, 0)),
      backend: () => tf.getBackend() as BackendName,
    }),
});

// A lost GPU device (driver reset, another tab's excess, device.destroy()) stops the run with a
// message; the WebGPU backend is registered afresh so that the next job gets a new device.
const webgpuFactory = tf.findBackendFactory('webgpu');
let watched: unknown = null;
function watchDevice(): void {
  const device = (tf.findBackend('webgpu') as { device?: { lost: Promise<{ reason?: string; message?: string }> } } | null)?.device;
  if (!device || device === watched) return;
  watched = device;
  void device.lost.then((info) => {
    handler.deviceLost(`GPU device lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`);
    if (webgpuFactory) {
      tf.removeBackend('webgpu');
      tf.registerBackend('webgpu', webgpuFactory, 3); // tfjs-backend-webgpu's own priority
    }
  });
}

// a message is untrusted: the handler checks it (protocolCheck.ts) before it runs anything
self.onmessage = (event: MessageEvent<unknown>) => {
  void handler.handle(event.data, (reply: WorkerReply) => self.postMessage(reply));
};
