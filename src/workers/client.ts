/**
 * The typed bridge to a worker (main-thread side). One job at a time per client, latest job wins:
 * starting a job cancels the one in flight (its promise rejects with a SupersededError) and any reply
 * that does not answer the current job id is ignored. Several clients may share one worker (a
 * training lane and a query lane): job ids are unique across them.
 */
import type { JobKind, JobRequest, Progress, ResultOf, ShippedJob, SearchJob, TrainJob, WorkerRequest } from './protocol';
import { SUPERSEDED } from './protocol';
import { answers, checkReply } from './protocolCheck';

/** The parts of a `Worker` the client uses, so tests can hand in a fake. */
export interface WorkerPort {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message?: string }) => void): void;
  terminate(): void;
}

/** A job request of kind `K` of the union `J`, without its id (the client gives it one). */
type RequestBody<J extends JobRequest, K extends J['type']> = Omit<Extract<J, { type: K }>, 'id'> & { type: K };

/** A client of the worker whose jobs are `J`: posting a job of another worker is a type error. */
export interface WorkerClient<J extends JobRequest = JobRequest> {
  /**
   * Starts a job; resolves with its result, rejects with its error or when superseded. Progress
   * replies of the job go to `onProgress`.
   */
  run<K extends J['type']>(request: RequestBody<J, K>, onProgress?: (p: Progress) => void): Promise<ResultOf<K>>;
  /** Cancels the job in flight, if any. */
  cancel(): void;
  /** Asks the job in flight to stop after a checkpoint; its promise resolves with how it ended. */
  pause(): void;
  /** whether a job is in flight */
  busy(): boolean;
  /**
   * What became of the jobs this client cancelled: how many, how many the worker has since ended
   * (its last reply for the job came back), and how many replies came after that (none, if it stopped).
   */
  cancellations?(): CancelStats;
  /** Rejects the job in flight and terminates the worker. */
  dispose(): void;
}

/** A lane of the TF.js worker, the search worker's client, a lane of the shipped-supernet worker. */
export type TrainClient = WorkerClient<TrainJob>;
export type SearchClient = WorkerClient<SearchJob>;
export type ShippedClient = WorkerClient<ShippedJob>;

export interface CancelStats {
  readonly cancelled: number;
  readonly ended: number;
  readonly afterEnd: number;
}

export { SUPERSEDED };

function supersededError(id: number, why = `job ${id} was superseded or cancelled`): Error {
  const error = new Error(why);
  error.name = SUPERSEDED;
  return error;
}

interface Pending {
  readonly id: number;
  readonly kind: JobKind;
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: ((p: Progress) => void) | undefined;
}

/** Job ids, unique across every client of the page that shares this source. */
export function idSource(): () => number {
  let n = 1;
  return () => n++;
}
const pageIds = idSource();

/** Counts what became of cancelled jobs, from the replies that no longer settle anything. */
function cancelCounter() {
  // cancelled jobs the worker has not ended yet, and the latest ones it has ended (a few ids)
  const cancelledIds = new Set<number>();
  const endedIds: number[] = [];
  let stats: CancelStats = { cancelled: 0, ended: 0, afterEnd: 0 };
  return {
    stats: () => stats,
    cancelled(id: number): void {
      cancelledIds.add(id);
      stats = { ...stats, cancelled: stats.cancelled + 1 };
    },
    /** a reply to a job this client does not wait for (stale, or another client's) */
    replied(id: number, final: boolean): void {
      if (cancelledIds.has(id) && final) {
        cancelledIds.delete(id);
        endedIds.push(id);
        if (endedIds.length > 8) endedIds.shift();
        stats = { ...stats, ended: stats.ended + 1 };
      } else if (endedIds.includes(id)) stats = { ...stats, afterEnd: stats.afterEnd + 1 };
    },
  };
}

/** Settles `job` with a checked reply: progress goes on, `done` of its kind resolves, the rest rejects. */
function settleWith(job: Pending, data: unknown, settle: () => void): void {
  const checked = checkReply(data);
  if (!checked.ok) {
    settle();
    job.reject(new Error(`worker: job ${job.id} (${job.kind}) got a malformed reply: ${checked.problem}`));
    return;
  }
  const reply = checked.value;
  if (reply.type === 'progress') {
    job.progress?.(reply.progress);
    return;
  }
  settle();
  if (reply.type === 'error') {
    job.reject(reply.superseded ? supersededError(reply.id, reply.message) : new Error(reply.message));
    return;
  }
  const wrong = answers(reply, job.kind);
  if (wrong) job.reject(new Error(`worker: job ${job.id} (${job.kind}) got a malformed reply: ${wrong}`));
  else job.resolve(reply.result);
}

/**
 * A latest-job-wins client over `port` for the jobs `J` (`createClient<TrainJob>(port)`). Replies are
 * checked: one of the job in flight that is malformed, or of another kind, rejects it with the field
 * named; one that names no job this client waits for is dropped.
 */
export function createClient<J extends JobRequest = JobRequest>(port: WorkerPort, nextId: () => number = pageIds): WorkerClient<J> {
  let current: Pending | null = null;
  const counter = cancelCounter();

  const settle = (): Pending | null => {
    const job = current;
    current = null;
    return job;
  };

  port.addEventListener('message', (event) => {
    const data = event.data as { readonly id?: unknown; readonly type?: unknown } | null;
    const id = typeof data === 'object' && data !== null ? data.id : undefined;
    if (!current || id !== current.id) {
      if (typeof id === 'number') counter.replied(id, data?.type !== 'progress');
      return;
    }
    settleWith(current, event.data, settle);
  });
  port.addEventListener('error', (event) => {
    settle()?.reject(new Error(`worker failed: ${event.message ?? 'unknown error'}`));
  });

  const cancel = (): void => {
    const job = settle();
    if (!job) return;
    port.postMessage({ type: 'cancel', id: job.id });
    counter.cancelled(job.id);
    job.reject(supersededError(job.id));
  };

  return {
    run<K extends J['type']>(request: RequestBody<J, K>, onProgress?: (p: Progress) => void): Promise<ResultOf<K>> {
      cancel();
      const id = nextId();
      return new Promise<ResultOf<K>>((resolve, reject) => {
        current = { id, kind: request.type, resolve: resolve as Pending['resolve'], reject, progress: onProgress };
        port.postMessage({ ...request, id } as unknown as WorkerRequest);
      });
    },
    cancel,
    pause() {
      if (current) port.postMessage({ type: 'pause', id: current.id });
    },
    busy: () => current !== null,
    cancellations: () => counter.stats(),
    dispose() {
      cancel();
      port.terminate();
    },
  };
}

/**
 * The lanes of the page over one TF.js worker, each its own latest-job-wins client so that jobs of
 * different kinds never cancel each other: `control` (backend), `train` (training, predictor),
 * `query` (supernet accuracy), `export`, `store` (the checkpoint), `data` (CIFAR-10 files).
 */
export type LaneName = 'control' | 'train' | 'query' | 'export' | 'store' | 'data';
export type TfLanes = Readonly<Record<LaneName, TrainClient>>;
