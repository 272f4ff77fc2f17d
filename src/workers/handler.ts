/**
 * The TF.js worker's request handler: its table of jobs (backend selection, then the training
 * session's jobs) over jobServer.ts, plain async functions from a request to the replies it posts,
 * so it runs in tests without a Worker. `tf.worker.ts` only forwards messages to it.
 */
import { selectBackend, type GpuLike, type Prober, type TfLike } from './backend';
import { createJobServer, type JobTable } from './jobServer';
import type { BackendChoice, BackendInfo, TrainJob, WorkerReply } from './protocol';
import type { Session } from './trainSession';

export interface HandlerEnv {
  /** loads TF.js (and registers the WebGPU backend); called once, lazily */
  loadTf(): Promise<TfLike>;
  gpu: GpuLike | undefined;
  /** measures the backends for "auto" (absent: "auto" takes the first that initialises) */
  prober?: Prober;
  /** the training session, created once TF.js is loaded (absent: training jobs are refused) */
  createSession?(tf: TfLike): Session;
  /** told of every backend the handler selects (the worker watches a WebGPU device for loss) */
  onBackend?(info: BackendInfo): void;
}

export interface Handler {
  /** handles one message (checked first); every reply (progress included) goes to `post` */
  handle(message: unknown, post: (reply: WorkerReply) => void): Promise<void>;
  /** the backend's device is gone (WebGPU `device.lost`): running jobs stop with `message` */
  deviceLost(message: string): void;
}

/** What the handler holds between jobs. */
interface TfState {
  readonly env: HandlerEnv;
  tf: Promise<TfLike> | null;
  session: Session | null;
  backendChoice: BackendChoice | null;
  /** the backend the session's supernet lives on */
  backendName: string | null;
  /** the backend failed under us (lost device): the next job selects it again */
  reselect: boolean;
}

/** A supernet lives on one backend: another one starts from the checkpoint. */
function selected(s: TfState, info: BackendInfo): void {
  s.env.onBackend?.(info);
  if (s.backendName !== null && s.backendName !== info.backend) s.session?.reset();
  s.backendName = info.backend;
}

/** `init`: loads TF.js and selects the backend the user chose. */
async function init(s: TfState, prefer: BackendChoice): Promise<BackendInfo> {
  try {
    s.tf ??= s.env.loadTf();
    const info = await selectBackend(await s.tf, s.env.gpu, prefer, s.env.prober);
    selected(s, info);
    s.backendChoice = prefer;
    s.reselect = false;
    return info;
  } catch (e) {
    s.tf = null; // a later job tries to load it again
    throw e;
  }
}

/** The session of a job other than `init`: TF.js loaded and a backend selected first, if need be. */
async function sessionOf(s: TfState): Promise<Session> {
  s.tf ??= s.env.loadTf();
  const t = await s.tf.catch((e: unknown) => {
    s.tf = null; // a later job tries to load it again
    throw e;
  });
  if (s.backendChoice === null || s.reselect) {
    s.reselect = false;
    selected(s, await selectBackend(t, s.env.gpu, s.backendChoice ?? 'auto', s.env.prober));
    s.backendChoice ??= 'auto';
  }
  if (!s.env.createSession) throw new Error('this worker cannot train');
  s.session ??= s.env.createSession(t);
  return s.session;
}

/** Why this worker does not run a job of kind `type`. */
function refuse(type: string): string {
  if (type === 'search' || type === 'exhaustive') return 'the search runs in the search worker, not the TF.js worker';
  if (type.startsWith('shipped')) return 'the shipped supernet is measured in its own worker (shipped.worker.ts)';
  return `the TF.js worker does not run "${type.slice(0, 40)}" jobs`;
}

export function createHandler(env: HandlerEnv): Handler {
  const s: TfState = { env, tf: null, session: null, backendChoice: null, backendName: null, reselect: false };
  const session = (): Promise<Session> => sessionOf(s);
  const jobs: JobTable<TrainJob> = {
    init: (r) => init(s, r.prefer ?? 'auto'),
    loadCifar: async (r) => (await session()).loadCifar(r.files),
    train: async (r, control) => (await session()).train(r.config, r.resume, control, r.init),
    evaluate: async (r) => (await session()).evaluate(r.genome),
    fitPredictor: async (r, control) => (await session()).fitPredictor(r.samples, r.seed, control),
    exportSubnet: async (r) => (await session()).exportSubnet(r.genome),
    checkpointInfo: async () => (await session()).checkpointInfo(),
    clearCheckpoint: async () => (await session()).clearCheckpoint(),
    benchTrain: async (r) => (await session()).benchTrain(r.batch, r.steps),
  };
  const server = createJobServer(jobs, refuse);
  return {
    handle: (message, post) => server.handle(message, post),
    deviceLost(message) {
      s.reselect = true;
      s.session?.fail(message);
    },
  };
}
