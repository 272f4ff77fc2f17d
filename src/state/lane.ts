/**
 * The state's side of a latest-job-wins lane (workers/client.ts): a job superseded by a newer one on
 * its lane rejects with `SUPERSEDED`, which is not a failure — the newer job reports. `runLatest`
 * runs one job and folds that rule in: the result, or `undefined` when the job was superseded (then
 * `onSuperseded`) or failed (then `onError` with the error's message). A job's result is never
 * `undefined` (the client refuses a reply without one), so `undefined` always means "nothing to show".
 */
import { SUPERSEDED } from '../workers/client';

/** Whether `e` is a job that gave way to a newer one (or was cancelled): not a failure. */
export const isSuperseded = (e: unknown): boolean => e instanceof Error && e.name === SUPERSEDED;

/** The message of whatever was thrown. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export interface LatestOptions {
  /** the job failed (not superseded): its error's message */
  readonly onError?: (message: string) => void;
  /** a newer job (or a cancel) took the lane */
  readonly onSuperseded?: () => void;
}

/** Runs `job` (a lane's `run`); its result, or `undefined` when it was superseded or failed. */
export async function runLatest<T>(job: () => Promise<T>, opts: LatestOptions = {}): Promise<T | undefined> {
  try {
    return await job();
  } catch (e) {
    if (isSuperseded(e)) opts.onSuperseded?.();
    else opts.onError?.(messageOf(e));
    return undefined;
  }
}
