/**
 * The worker's request handler: plain async functions from a request to the replies it posts, so it
 * runs in tests without a Worker. `tf.worker.ts` only forwards messages to it.
 */
import { selectBackend, type GpuLike, type Prober, type TfLike } from './backend';
import type { BackendChoice, BackendInfo, WorkerReply, WorkerRequest } from './protocol';
import { SUPERSEDED } from './client';
import type { JobControl, Session } from './trainSession';

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
  /** handles one request; every reply (progress included) goes to `post` */
  handle(request: WorkerRequest, post: (reply: WorkerReply) => void): Promise<void>;
  /** the backend's device is gone (WebGPU `device.lost`): running jobs stop with `message` */
  deviceLost(message: string): void;
}

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createHandler(env: HandlerEnv): Handler {
  let tf: Promise<TfLike> | null = null;
  let session: Session | null = null;
  let backendChoice: BackendChoice | null = null;
  /** the backend the session's supernet lives on */
  let backendName: string | null = null;
  /** the backend failed under us (lost device): the next job selects it again */
  let reselect = false;
  const cancelled = new Set<number>();
  const paused = new Set<number>();

  /** a supernet lives on one backend: another one starts from the checkpoint */
  const selected = (info: BackendInfo): void => {
    env.onBackend?.(info);
    if (backendName !== null && backendName !== info.backend) session?.reset();
    backendName = info.backend;
  };

  const ready = async (): Promise<{ tf: TfLike; session: Session }> => {
    tf ??= env.loadTf();
    const t = await tf.catch((e: unknown) => {
      tf = null; // a later job tries to load it again
      throw e;
    });
    if (backendChoice === null || reselect) {
      reselect = false;
      selected(await selectBackend(t, env.gpu, backendChoice ?? 'auto', env.prober));
      backendChoice ??= 'auto';
    }
    if (!env.createSession) throw new Error('this worker cannot train');
    session ??= env.createSession(t);
    return { tf: t, session };
  };

  return {
    deviceLost(message) {
      reselect = true;
      session?.fail(message);
    },
    async handle(request, post) {
      const id = request.id;
      const control: JobControl = {
        post: (progress) => post({ type: 'progress', id, progress }),
        cancelled: () => cancelled.has(id),
        paused: () => paused.has(id),
      };
      try {
        switch (request.type) {
          case 'cancel':
            // long jobs (training, the predictor) check these between steps
            cancelled.add(id);
            return;
          case 'pause':
            paused.add(id);
            return;
          case 'init': {
            tf ??= env.loadTf();
            const prefer = request.prefer ?? 'auto';
            const info = await selectBackend(await tf, env.gpu, prefer, env.prober);
            selected(info);
            backendChoice = prefer;
            reselect = false;
            post({ type: 'ready', id, info });
            return;
          }
          case 'loadCifar':
            post({ type: 'dataset', id, info: await (await ready()).session.loadCifar(request.files) });
            return;
          case 'train':
            post({
              type: 'trained',
              id,
              outcome: await (await ready()).session.train(request.config, request.resume, control, request.init),
            });
            return;
          case 'evaluate':
            post({ type: 'accuracy', id, result: await (await ready()).session.evaluate(request.genome) });
            return;
          case 'fitPredictor':
            post({ type: 'predictor', id, predictor: await (await ready()).session.fitPredictor(request.samples, request.seed, control) });
            return;
          case 'exportSubnet':
            post({ type: 'exported', id, model: await (await ready()).session.exportSubnet(request.genome) });
            return;
          case 'checkpointInfo':
            post({ type: 'checkpoint', id, info: await (await ready()).session.checkpointInfo() });
            return;
          case 'benchTrain':
            post({ type: 'bench', id, result: await (await ready()).session.benchTrain(request.batch, request.steps) });
            return;
          case 'clearCheckpoint':
            post({ type: 'checkpoint', id, info: await (await ready()).session.clearCheckpoint() });
            return;
          case 'search':
          case 'exhaustive':
            throw new Error('the search runs in the search worker, not the TF.js worker');
          case 'shippedInfo':
          case 'shippedEvaluate':
          case 'shippedLog':
            throw new Error('the shipped supernet is measured in its own worker (shipped.worker.ts)');
        }
      } catch (e) {
        if (request.type === 'init') tf = null;
        post({
          type: 'error',
          id,
          message: errorMessage(e),
          ...(e instanceof Error && e.name === SUPERSEDED ? { superseded: true as const } : {}),
        });
      } finally {
        // a job's flags go with the job (the pause and cancel messages themselves leave them set)
        if (request.type !== 'cancel' && request.type !== 'pause') {
          cancelled.delete(id);
          paused.delete(id);
        }
      }
    },
  };
}
