/**
 * The worker side of the protocol, shared by every worker: checks each message (protocolCheck.ts),
 * keeps the `cancel` and `pause` flags of the jobs, runs a job by looking its kind up in the worker's
 * table of job functions, and posts what it returns as the job's `done` reply (or what it throws as
 * its `error` reply). A worker's handler is its table; nothing here knows a job kind.
 */
import { SUPERSEDED, type JobRequest, type Progress, type ResultOf, type WorkerReply } from './protocol';
import { checkRequest, missingField } from './protocolCheck';

/** What a long job may ask of the server between steps. */
export interface JobControl {
  readonly post: (p: Progress) => void;
  readonly cancelled: () => boolean;
  readonly paused: () => boolean;
}

/** A worker's jobs: for each kind, the function that runs a request of that kind to its result. */
export type JobTable<J extends JobRequest> = {
  readonly [K in J['type']]: (request: Extract<J, { type: K }>, control: JobControl) => Promise<ResultOf<K>>;
};

export interface JobServer {
  /** handles one message (untrusted: checked first); every reply, progress included, goes to `post` */
  handle(message: unknown, post: (reply: WorkerReply) => void): Promise<void>;
}

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `refuse`: the error text of a job kind this worker does not run (another worker's, or none). */
export function createJobServer<J extends JobRequest>(jobs: JobTable<J>, refuse: (type: string) => string): JobServer {
  const cancelled = new Set<number>();
  const paused = new Set<number>();
  const runs = (type: string): type is J['type'] => Object.prototype.hasOwnProperty.call(jobs, type);

  return {
    async handle(message, post) {
      const checked = checkRequest(message);
      if (!checked.ok) {
        // without a job id there is no one to answer
        if (checked.id !== null) post({ type: 'error', id: checked.id, message: checked.problem });
        return;
      }
      const request = checked.value;
      const id = request.id;
      // long jobs check these between steps
      if (request.type === 'cancel') return void cancelled.add(id);
      if (request.type === 'pause') return void paused.add(id);
      const control: JobControl = {
        post: (progress) => post({ type: 'progress', id, progress }),
        cancelled: () => cancelled.has(id),
        paused: () => paused.has(id),
      };
      try {
        if (!runs(request.type)) throw new Error(refuse(request.type));
        const missing = missingField(request);
        if (missing) throw new Error(missing);
        const run = jobs[request.type] as (r: JobRequest, c: JobControl) => Promise<unknown>;
        const result = await run(request, control);
        post({ type: 'done', id, job: request.type, result } as WorkerReply);
      } catch (e) {
        const superseded = e instanceof Error && e.name === SUPERSEDED;
        post({ type: 'error', id, message: errorMessage(e), ...(superseded ? { superseded: true as const } : {}) });
      } finally {
        // a job's flags go with the job (the pause and cancel messages themselves leave them set)
        cancelled.delete(id);
        paused.delete(id);
      }
    },
  };
}
