/// <reference lib="webworker" />
// The TF.js module worker: a thin shell over handler.ts. TF.js is imported dynamically here and
// nowhere else in the browser build, so it never lands in the main bundle.
import type { GpuLike, TfLike } from './backend';
import { createHandler } from './handler';
import type { WorkerRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const handler = createHandler({
  async loadTf(): Promise<TfLike> {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-webgpu'); // registers the 'webgpu' backend
    return tf;
  },
  gpu: (self.navigator as WorkerNavigator & { gpu?: GpuLike }).gpu,
});

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const reply = await handler.handle(event.data);
  if (reply) self.postMessage(reply);
};
