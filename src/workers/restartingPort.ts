/**
 * One worker shared by the page's clients, replaced by a fresh one when it fails. A failed worker
 * (its script did not load, it crashed) fires `error`: every client rejects its job in flight with the
 * message (client.ts), and the next job goes to a new worker, which picks its backend again and
 * finds the checkpoint in IndexedDB. Listeners stay attached across restarts.
 */
import type { WorkerPort } from './client';
import type { WorkerRequest } from './protocol';

type MessageListener = (event: { readonly data: unknown }) => void;
type ErrorListener = (event: { readonly message?: string }) => void;

export function restartingPort(create: () => WorkerPort, onFailure?: () => void): WorkerPort & { restarts(): number } {
  const onMessage: MessageListener[] = [];
  const onError: ErrorListener[] = [];
  let restarts = 0;
  let current: WorkerPort | null = null;
  const start = (): WorkerPort => {
    const w = create();
    w.addEventListener('message', (e) => {
      if (w === current) onMessage.forEach((l) => l(e));
    });
    w.addEventListener('error', (e) => {
      if (w !== current) return;
      current = null; // the next job starts a new worker
      w.terminate();
      restarts++;
      onError.forEach((l) => l(e));
      onFailure?.(); // e.g. pick the backend again, which starts the new worker
    });
    return w;
  };
  return {
    postMessage(message: WorkerRequest) {
      current ??= start();
      current.postMessage(message);
    },
    addEventListener(type: 'message' | 'error', listener: MessageListener | ErrorListener) {
      if (type === 'message') onMessage.push(listener as MessageListener);
      else onError.push(listener as ErrorListener);
    },
    terminate() {
      current?.terminate();
      current = null;
    },
    restarts: () => restarts,
  } as WorkerPort & { restarts(): number };
}
