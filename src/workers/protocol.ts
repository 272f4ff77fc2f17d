/**
 * The only message types that cross the main-thread ↔ worker boundary.
 * Every request carries a job id; every reply names the job it answers, so the client can drop
 * replies to jobs it no longer waits for (latest job wins).
 */

export type BackendName = 'webgpu' | 'webgl' | 'cpu';

/** What the page shows about the accelerator TF.js runs on. */
export interface AdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  /** WebGPU adapter description, or the WebGL renderer string */
  readonly description: string;
  /** true for a software adapter (SwiftShader): correct but slow */
  readonly isFallbackAdapter: boolean;
}

export interface BackendInfo {
  readonly backend: BackendName;
  /** null on the CPU backend, or when the browser does not say */
  readonly adapter: AdapterInfo | null;
}

/** Main thread → worker. */
export type WorkerRequest =
  /** load TF.js and pick a backend: WebGPU → WebGL → CPU (never WASM) */
  | { readonly type: 'init'; readonly id: number }
  /** stop job `id` at its next step; a no-op for jobs already done */
  | { readonly type: 'cancel'; readonly id: number };

/** Worker → main thread. */
export type WorkerReply =
  | { readonly type: 'ready'; readonly id: number; readonly info: BackendInfo }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** Request types that start a job (everything except `cancel`). */
export type JobRequest = Exclude<WorkerRequest, { type: 'cancel' }>;

/** The successful final reply of each job type. */
export interface JobResult {
  readonly init: BackendInfo;
}
