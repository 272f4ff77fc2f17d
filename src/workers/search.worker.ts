/// <reference lib="webworker" />
// The search worker: NSGA-II from core, no TF.js (a few tens of KB). Messages go to searchHandler.ts.
import type { WorkerReply } from './protocol';
import { createSearchHandler } from './searchHandler';

const handler = createSearchHandler({
  now: () => performance.now(),
  // a macrotask, so that a cancel or pause posted meanwhile is handled before the next generation
  yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
});

self.onmessage = (event: MessageEvent<unknown>) => {
  void handler.handle(event.data, (reply: WorkerReply) => self.postMessage(reply));
};
