import { wrap, transfer, type Remote } from 'comlink';
import type { ModelFileReply } from './modelRead';

/**
 * Reads a model file in the model worker (Vite bundles it, with the flatbuffers and protobuf readers,
 * as its own chunk, started on the first file). No in-process fallback: a dynamic import of the
 * readers here would split core into a shared chunk and grow the page's initial JavaScript by 10 KB;
 * tests call `workers/modelRead` directly.
 */
type ModelApi = { readModelFile(bytes: Uint8Array, fileName: string): Promise<ModelFileReply> };

let reader: { worker: Worker; api: Remote<ModelApi>; died: Promise<never> } | null = null;

function start(): NonNullable<typeof reader> {
  const worker = new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: 'h4h-model' });
  // a worker that dies (out of memory on a huge file) answers nothing: its error event ends the wait
  const died = new Promise<never>((_, reject) =>
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'the worker stopped'))),
  );
  died.catch(() => undefined);
  return { worker, api: wrap<ModelApi>(worker), died };
}

export async function readModelFile(bytes: Uint8Array, fileName: string): Promise<ModelFileReply> {
  if (typeof Worker === 'undefined')
    return { ok: false, error: `"${fileName.slice(0, 60)}": this browser cannot start a worker to read it` };
  const r = (reader ??= start());
  try {
    return await Promise.race([r.api.readModelFile(transfer(bytes, [bytes.buffer]), fileName), r.died]);
  } catch (e) {
    r.worker.terminate();
    reader = null;
    return { ok: false, error: `"${fileName.slice(0, 60)}": the reader stopped (${e instanceof Error ? e.message : String(e)})` };
  }
}
