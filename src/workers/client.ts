/**
 * The typed bridge to a worker (main-thread side). One job at a time per client, latest job wins:
 * starting a job cancels the one in flight (its promise rejects with a SupersededError) and any reply
 * that does not answer the current job id is ignored. Several clients may share one worker (a
 * training lane and a query lane): job ids are unique across them.
 */
import type { JobRequest, JobResult, Progress, WorkerReply, WorkerRequest } from './protocol';

/** The parts of a `Worker` the client uses, so tests can hand in a fake. */
export interface WorkerPort {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message?: string }) => void): void;
  terminate(): void;
}

type JobType = JobRequest['type'];
type RequestBody<T extends JobType> = Omit<Extract<JobRequest, { type: T }>, 'id'>;

export interface WorkerClient {
  /**
   * Starts a job; resolves with its result, rejects with its error or when superseded. Progress
   * replies of the job go to `onProgress`.
   */
  run<T extends JobType>(request: RequestBody<T> & { type: T }, onProgress?: (p: Progress) => void): Promise<JobResult[T]>;
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

export interface CancelStats {
  readonly cancelled: number;
  readonly ended: number;
  readonly afterEnd: number;
}

export const SUPERSEDED = 'SupersededError';

function supersededError(id: number, why = `job ${id} was superseded or cancelled`): Error {
  const error = new Error(why);
  error.name = SUPERSEDED;
  return error;
}

/** The result carried by a successful final reply. */
function resultOf(reply: Exclude<WorkerReply, { type: 'error' | 'progress' }>): JobResult[JobType] {
  switch (reply.type) {
    case 'ready':
      return reply.info;
    case 'dataset':
      return reply.info;
    case 'trained':
      return reply.outcome;
    case 'accuracy':
      return reply.result;
    case 'predictor':
      return reply.predictor;
    case 'exported':
      return reply.model;
    case 'checkpoint':
      return reply.info;
    case 'bench':
      return reply.result;
    case 'searched':
      return reply.outcome;
    case 'enumerated':
      return reply.result;
    case 'shipped':
      return reply.info;
    case 'log':
      return reply.log;
  }
}

interface Pending {
  readonly id: number;
  resolve(value: JobResult[JobType]): void;
  reject(error: Error): void;
  progress?: ((p: Progress) => void) | undefined;
}

/** Job ids, unique across every client of the page that shares this source. */
export function idSource(): () => number {
  let n = 1;
  return () => n++;
}
const pageIds = idSource();

export function createClient(port: WorkerPort, nextId: () => number = pageIds): WorkerClient {
  let current: Pending | null = null;
  // cancelled jobs the worker has not ended yet, and the latest ones it has ended (a few ids)
  const cancelledIds = new Set<number>();
  const endedIds: number[] = [];
  let stats: CancelStats = { cancelled: 0, ended: 0, afterEnd: 0 };

  const settle = (): Pending | null => {
    const job = current;
    current = null;
    return job;
  };

  port.addEventListener('message', (event) => {
    const reply = event.data as WorkerReply;
    if (!current || reply.id !== current.id) {
      // stale, or another client's job: only counted, for a cancelled job of this client
      if (cancelledIds.has(reply.id) && reply.type !== 'progress') {
        cancelledIds.delete(reply.id);
        endedIds.push(reply.id);
        if (endedIds.length > 8) endedIds.shift();
        stats = { ...stats, ended: stats.ended + 1 };
      } else if (endedIds.includes(reply.id)) stats = { ...stats, afterEnd: stats.afterEnd + 1 };
      return;
    }
    if (reply.type === 'progress') {
      current.progress?.(reply.progress);
      return;
    }
    const job = settle();
    if (reply.type === 'error') job?.reject(reply.superseded ? supersededError(reply.id, reply.message) : new Error(reply.message));
    else job?.resolve(resultOf(reply));
  });
  port.addEventListener('error', (event) => {
    settle()?.reject(new Error(`worker failed: ${event.message ?? 'unknown error'}`));
  });

  const cancel = (): void => {
    const job = settle();
    if (!job) return;
    port.postMessage({ type: 'cancel', id: job.id });
    cancelledIds.add(job.id);
    stats = { ...stats, cancelled: stats.cancelled + 1 };
    job.reject(supersededError(job.id));
  };

  return {
    run(request, onProgress) {
      cancel();
      const id = nextId();
      return new Promise((resolve, reject) => {
        current = { id, resolve: resolve as Pending['resolve'], reject, progress: onProgress };
        port.postMessage({ ...request, id } as WorkerRequest);
      });
    },
    cancel,
    pause() {
      if (current) port.postMessage({ type: 'pause', id: current.id });
    },
    busy: () => current !== null,
    cancellations: () => stats,
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
export type TfLanes = Readonly<Record<LaneName, WorkerClient>>;
