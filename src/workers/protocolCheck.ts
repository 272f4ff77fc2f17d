/**
 * Checks of the messages that cross the worker boundary, which are untrusted input on both sides:
 * a worker checks each request's envelope (`id`, `type`) and that its job's fields are there before it
 * starts any work, and the client checks each reply's shape before it settles a job with it. A problem
 * names the field (`request.config: missing`, `reply.result: missing`). The fields' values are checked
 * where they are used (a search config by `validateSearchConfig`, a genome by `validateGenome`).
 */
import type { JobKind, JobRequest, WorkerReply, WorkerRequest } from './protocol';

/** A message that passed, or why not; `id` is the job it names, when it names one (else null: no one to answer). */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly id: number | null; readonly problem: string };

/** a message before it is checked */
type Loose = Readonly<Record<string, unknown>>;
const isRecord = (x: unknown): x is Loose => typeof x === 'object' && x !== null && !Array.isArray(x);
const shown = (x: unknown): string => (typeof x === 'string' ? `"${x.slice(0, 40)}"` : String(x).slice(0, 40));

/** The fields each job needs besides `type` and `id` (optional ones left out). */
type Fields<K extends JobKind> = Exclude<keyof Extract<JobRequest, { type: K }>, 'type' | 'id' | 'prefer' | 'init'>;
const JOB_FIELDS: { readonly [K in JobKind]: readonly Fields<K>[] } = {
  init: [],
  loadCifar: ['files'],
  train: ['config', 'resume'],
  evaluate: ['genome'],
  fitPredictor: ['samples', 'seed'],
  exportSubnet: ['genome'],
  checkpointInfo: [],
  clearCheckpoint: [],
  benchTrain: ['batch', 'steps'],
  search: ['config', 'accuracy', 'resume'],
  exhaustive: ['config', 'accuracy'],
  paper: ['space', 'system', 'accuracy', 'search'],
  fitTable: ['table'],
  shippedInfo: ['space'],
  shippedEvaluate: ['space', 'genome'],
  shippedLog: ['space'],
};

/** Whether `type` names a job of some worker. */
export const isJobKind = (type: string): type is JobKind => Object.prototype.hasOwnProperty.call(JOB_FIELDS, type);

const idOf = (m: Loose): number | null => {
  const id = m['id'];
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
};

/** The envelope of a request: an object with a whole-number `id` and a string `type`. */
export function checkRequest(data: unknown): Checked<WorkerRequest & { readonly type: string }> {
  if (!isRecord(data)) return { ok: false, id: null, problem: 'request: not an object' };
  const id = idOf(data);
  if (id === null) return { ok: false, id: null, problem: `request.id: ${shown(data['id'])} (must be a whole number)` };
  if (typeof data['type'] !== 'string') return { ok: false, id, problem: 'request.type: missing' };
  return { ok: true, value: data as unknown as WorkerRequest };
}

/** The first field job `request` lacks, as a problem (null: none). */
export function missingField(request: JobRequest): string | null {
  const fields: readonly string[] = JOB_FIELDS[request.type];
  const missing = fields.find((f) => (request as unknown as Loose)[f] === undefined);
  return missing === undefined ? null : `request.${missing}: missing (the "${request.type}" job needs it)`;
}

const REPLY_TYPES = ['progress', 'done', 'error'];

/** The shape of a reply: its `type`, and the fields that type carries. */
export function checkReply(data: unknown): Checked<WorkerReply> {
  if (!isRecord(data)) return { ok: false, id: null, problem: 'reply: not an object' };
  const id = idOf(data);
  if (id === null) return { ok: false, id: null, problem: `reply.id: ${shown(data['id'])} (must be a whole number)` };
  const type = data['type'];
  const bad = (problem: string): Checked<WorkerReply> => ({ ok: false, id, problem });
  if (typeof type !== 'string' || !REPLY_TYPES.includes(type)) return bad(`reply.type: ${shown(type)} (must be progress, done or error)`);
  if (type === 'progress') {
    const p = data['progress'];
    if (!isRecord(p) || typeof p['kind'] !== 'string') return bad('reply.progress: missing, or without its kind');
  } else if (type === 'error') {
    if (typeof data['message'] !== 'string') return bad('reply.message: missing');
  } else {
    if (typeof data['job'] !== 'string' || !isJobKind(data['job'])) return bad(`reply.job: ${shown(data['job'])} (not a job kind)`);
    if (!('result' in data) || data['result'] === undefined) return bad('reply.result: missing');
  }
  return { ok: true, value: data as unknown as WorkerReply };
}

/** Whether a checked `done` reply answers a job of kind `kind`; why not, as a problem. */
export function answers(reply: WorkerReply & { readonly type: 'done' }, kind: JobKind): string | null {
  return reply.job === kind ? null : `reply.job: "${reply.job}" does not answer a "${kind}" job`;
}
