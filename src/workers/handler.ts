/**
 * The worker's request handler: plain async functions from a request to the replies it produces,
 * so it runs in tests without a Worker. `tf.worker.ts` only forwards messages to it.
 */
import { selectBackend, type GpuLike, type TfLike } from './backend';
import type { WorkerReply, WorkerRequest } from './protocol';

export interface HandlerEnv {
  /** loads TF.js (and registers the WebGPU backend); called once, lazily */
  loadTf(): Promise<TfLike>;
  gpu: GpuLike | undefined;
}

export interface Handler {
  handle(request: WorkerRequest): Promise<WorkerReply | null>;
}

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createHandler(env: HandlerEnv): Handler {
  let tf: Promise<TfLike> | null = null;
  const cancelled = new Set<number>();

  return {
    async handle(request) {
      switch (request.type) {
        case 'cancel':
          // Long jobs (training, search) check this set between steps; init is one step.
          cancelled.add(request.id);
          return null;
        case 'init':
          try {
            tf ??= env.loadTf();
            const info = await selectBackend(await tf, env.gpu);
            return { type: 'ready', id: request.id, info };
          } catch (e) {
            tf = null;
            return { type: 'error', id: request.id, message: errorMessage(e) };
          }
      }
    },
  };
}
