/**
 * The typed bridge to a worker (main-thread side). One job at a time, latest job wins: starting a
 * job cancels the one in flight (its promise rejects with a SupersededError) and any reply that does
 * not answer the current job id is ignored.
 */
import type { JobRequest, JobResult, WorkerReply, WorkerRequest } from './protocol';

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
  /** Starts a job; resolves with its result, rejects with its error or when superseded. */
  run<T extends JobType>(request: RequestBody<T> & { type: T }): Promise<JobResult[T]>;
  /** Cancels the job in flight, if any. */
  cancel(): void;
  /** Rejects the job in flight and terminates the worker. */
  dispose(): void;
}

export const SUPERSEDED = 'SupersededError';

function supersededError(id: number): Error {
  const error = new Error(`job ${id} was superseded or cancelled`);
  error.name = SUPERSEDED;
  return error;
}

/** The result carried by a successful final reply. */
function resultOf(reply: Exclude<WorkerReply, { type: 'error' }>): JobResult[JobType] {
  switch (reply.type) {
    case 'ready':
      return reply.info;
  }
}

interface Pending {
  readonly id: number;
  resolve(value: JobResult[JobType]): void;
  reject(error: Error): void;
}

export function createClient(port: WorkerPort): WorkerClient {
  let nextId = 1;
  let current: Pending | null = null;

  const settle = (): Pending | null => {
    const job = current;
    current = null;
    return job;
  };

  port.addEventListener('message', (event) => {
    const reply = event.data as WorkerReply;
    if (!current || reply.id !== current.id) return; // stale: a superseded job answered late
    const job = settle();
    if (reply.type === 'error') job?.reject(new Error(reply.message));
    else job?.resolve(resultOf(reply));
  });
  port.addEventListener('error', (event) => {
    settle()?.reject(new Error(`worker failed: ${event.message ?? 'unknown error'}`));
  });

  const cancel = (): void => {
    const job = settle();
    if (!job) return;
    port.postMessage({ type: 'cancel', id: job.id });
    job.reject(supersededError(job.id));
  };

  return {
    run(request) {
      cancel();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        current = { id, resolve: resolve as Pending['resolve'], reject };
        port.postMessage({ ...request, id } as WorkerRequest);
      });
    },
    cancel,
    dispose() {
      cancel();
      port.terminate();
    },
  };
}

