/**
 * Checkpoints as files, in the safetensors layout (github.com/huggingface/safetensors): 8 bytes of
 * little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then
 * the raw little-endian data. Python reads them with `safetensors.numpy.load_file`; anything that
 * is not a tensor travels as strings in `__metadata__`.
 *
 * Two kinds (metadata `format`):
 * - `h4h-checkpoint/1`: a training run that can resume bit for bit — the supernet's variables
 *   (`param/<name>`), Adam's or SGD's moments (`opt/<name>/m`, `/v`), the config, step, optimiser
 *   counters and the history of losses and evaluations;
 * - `h4h-supernet/1`: weights only, what the app ships and loads (`param/<name>`), with the config,
 *   step and training command that made them.
 *
 * Reading is strict (a file from anywhere): size cap, header bounds, dtype F32 only, byte ranges in
 * bounds and matching their shapes, no duplicate names, finite values; every message names the part.
 */
import { validateTrainConfig, type TrainConfig, type TrainHistory } from '../core/training/trainConfig.js';
import { checkpointDefect } from './checkpointCheck.js';
import type { NamedArray, OptimizerState } from './optimizer.js';
import type { Checkpoint } from './trainer.js';

/** Largest checkpoint file read (a `mini` training checkpoint is about 2 MB). */
export const CHECKPOINT_MAX_BYTES = 64 * 2 ** 20;
const HEADER_MAX_BYTES = 16 * 2 ** 20;

export const CHECKPOINT_FORMAT = 'h4h-checkpoint/1';
export const SUPERNET_FORMAT = 'h4h-supernet/1';

interface Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Encodes tensors and string metadata as safetensors bytes (tensors in the order given). */
export function encodeSafetensors(tensors: readonly Tensor[], metadata: Readonly<Record<string, string>>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let at = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [at, at + t.data.length * 4] };
    at += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  // pad the header with spaces so the data starts 8-byte aligned (the format allows trailing spaces)
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + at);
  const view = new DataView(out.buffer);
  view.setUint32(0, head.length, true);
  view.setUint32(4, 0, true);
  out.set(head, 8);
  let p = 8 + head.length;
  for (const t of tensors) {
    for (const v of t.data) {
      view.setFloat32(p, v, true);
      p += 4;
    }
  }
  return out;
}

export interface Safetensors {
  readonly tensors: ReadonlyMap<string, Tensor>;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Decodes safetensors bytes; `what` names the file in messages. */
export function decodeSafetensors(bytes: Uint8Array, what = 'checkpoint'): Safetensors {
  if (bytes.length > CHECKPOINT_MAX_BYTES) throw new Error(`${what}: ${bytes.length} bytes, the limit is ${CHECKPOINT_MAX_BYTES} (64 MiB)`);
  if (bytes.length < 8) throw new Error(`${what}: ${bytes.length} bytes is too short for a safetensors file (8-byte header length first)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true);
  if (view.getUint32(4, true) !== 0 || n > HEADER_MAX_BYTES || 8 + n > bytes.length)
    throw new Error(
      `${what}: header length ${view.getUint32(4, true) * 2 ** 32 + n} does not fit the file (${bytes.length} bytes): not a safetensors file`,
    );
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new Error(`${what}: the header is not JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error(`${what}: the header must be a JSON object`);
  const dataStart = 8 + n;
  const dataBytes = bytes.length - dataStart;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || !Object.values(entry).every((v) => typeof v === 'string'))
        throw new Error(`${what}: __metadata__ must map names to strings`);
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null) throw new Error(`${what}: tensor ${name}: must be an object with dtype, shape, data_offsets`);
    if (e.dtype !== 'F32') throw new Error(`${what}: tensor ${name}: dtype ${JSON.stringify(e.dtype)}, only F32 is read`);
    const shape = e.shape;
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d): d is number => Number.isInteger(d) && d >= 0 && d <= 2 ** 24))
      throw new Error(`${what}: tensor ${name}: shape must be a list of at most 8 whole numbers`);
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isInteger(d) && d >= 0))
      throw new Error(`${what}: tensor ${name}: data_offsets must be [begin, end]`);
    const [begin, end] = off as [number, number];
    const count = shape.reduce((a, b) => a * b, 1);
    if (end < begin || end > dataBytes || end - begin !== count * 4)
      throw new Error(
        `${what}: tensor ${name}: bytes ${begin}–${end} do not hold ${count} float32 values within the ${dataBytes} bytes of data`,
      );
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const v = view.getFloat32(dataStart + begin + i * 4, true);
      if (!Number.isFinite(v)) throw new Error(`${what}: tensor ${name}: value ${i} is ${v}; a checkpoint holds finite numbers only`);
      data[i] = v;
    }
    tensors.set(name, { name, shape, data });
  }
  return { tensors, metadata };
}

const need = (m: Readonly<Record<string, string>>, key: string, what: string): string => {
  const v = m[key];
  if (v === undefined) throw new Error(`${what}: metadata "${key}" is missing`);
  return v;
};

function parseJson(s: string, key: string, what: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    throw new Error(`${what}: metadata "${key}" is not JSON`);
  }
}

function wholeNumber(s: string, key: string, what: string, max = 1e9): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n > max)
    throw new Error(`${what}: metadata "${key}" must be a whole number 0–${max}, got "${s.slice(0, 40)}"`);
  return n;
}

function configOf(m: Readonly<Record<string, string>>, what: string): TrainConfig {
  const v = validateTrainConfig(parseJson(need(m, 'config', what), 'config', what));
  if (!v.ok) throw new Error(`${what}: metadata "config": ${v.errors.join('; ')}`);
  return v.value;
}

function historyOf(s: string, what: string): TrainHistory {
  const h = parseJson(s, 'history', what) as { steps?: unknown; evals?: unknown };
  const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  if (typeof h !== 'object' || h === null || !Array.isArray(h.steps) || !Array.isArray(h.evals))
    throw new Error(`${what}: metadata "history" must be { "steps": […], "evals": […] }`);
  h.steps.forEach((st: unknown, i) => {
    const x = st as { step?: unknown; phase?: unknown; lr?: unknown; roles?: unknown; losses?: unknown };
    const ok =
      typeof x === 'object' &&
      x !== null &&
      isNum(x.step) &&
      (x.phase === 1 || x.phase === 2) &&
      isNum(x.lr) &&
      Array.isArray(x.roles) &&
      x.roles.every((r) => r === 'largest' || r === 'smallest' || r === 'random') &&
      Array.isArray(x.losses) &&
      x.losses.length === x.roles.length &&
      x.losses.every(isNum);
    if (!ok) throw new Error(`${what}: history step ${i}: must be { step, phase 1|2, lr, roles, losses } with finite numbers`);
  });
  h.evals.forEach((ev: unknown, i) => {
    const x = ev as { step?: unknown; largest?: unknown; smallest?: unknown };
    if (typeof x !== 'object' || x === null || !isNum(x.step) || !isNum(x.largest) || !isNum(x.smallest))
      throw new Error(`${what}: history evaluation ${i}: must be { step, largest, smallest }`);
  });
  return h as TrainHistory;
}

/** A training checkpoint as a file. */
export function encodeCheckpoint(c: Checkpoint): Uint8Array {
  const tensors: Tensor[] = c.variables.map((v) => ({ name: `param/${v.name}`, shape: v.shape, data: v.data }));
  for (const s of c.optimizer.slots) tensors.push({ name: `opt/${s.name}`, shape: s.shape, data: s.data });
  return encodeSafetensors(tensors, {
    format: CHECKPOINT_FORMAT,
    space: c.space,
    dataset: c.dataset,
    configHash: c.configHash,
    config: JSON.stringify(c.config),
    step: String(c.step),
    optimizer: JSON.stringify({ kind: c.optimizer.kind, t: c.optimizer.t, counts: c.optimizer.counts }),
    history: JSON.stringify(c.history),
  });
}

/** Reads a training checkpoint file (`what` names it in messages). */
export function decodeCheckpoint(bytes: Uint8Array, what = 'checkpoint'): Checkpoint {
  const { tensors, metadata: m } = decodeSafetensors(bytes, what);
  const format = need(m, 'format', what);
  if (format !== CHECKPOINT_FORMAT) {
    throw new Error(
      format === SUPERNET_FORMAT
        ? `${what}: holds weights only (${SUPERNET_FORMAT}), no optimiser state to resume; fine-tune from it instead`
        : `${what}: format "${format.slice(0, 40)}" is not ${CHECKPOINT_FORMAT}`,
    );
  }
  const config = configOf(m, what);
  const step = wholeNumber(need(m, 'step', what), 'step', what, config.steps);
  const opt = parseJson(need(m, 'optimizer', what), 'optimizer', what) as { kind?: unknown; t?: unknown; counts?: unknown };
  if (
    typeof opt !== 'object' ||
    opt === null ||
    (opt.kind !== 'adam' && opt.kind !== 'sgd') ||
    typeof opt.t !== 'number' ||
    !Number.isSafeInteger(opt.t) ||
    opt.t < 0 ||
    typeof opt.counts !== 'object' ||
    opt.counts === null ||
    !Object.values(opt.counts).every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)
  ) {
    throw new Error(`${what}: metadata "optimizer" must be { kind: adam|sgd, t, counts } with whole numbers`);
  }
  const variables: NamedArray[] = [];
  const slots: NamedArray[] = [];
  for (const t of tensors.values()) {
    if (t.name.startsWith('param/')) variables.push({ name: t.name.slice(6), shape: t.shape, data: t.data });
    else if (t.name.startsWith('opt/')) slots.push({ name: t.name.slice(4), shape: t.shape, data: t.data });
    else throw new Error(`${what}: tensor ${t.name}: expected param/… or opt/…`);
  }
  if (variables.length === 0) throw new Error(`${what}: no param/… tensors`);
  const optimizer: OptimizerState = { kind: opt.kind, t: opt.t, slots, counts: opt.counts as Record<string, number> };
  const c: Checkpoint = {
    version: 1,
    space: need(m, 'space', what),
    dataset: need(m, 'dataset', what),
    configHash: need(m, 'configHash', what),
    config,
    step,
    variables,
    optimizer,
    history: historyOf(need(m, 'history', what), what),
  };
  const defect = checkpointDefect(c);
  if (defect) throw new Error(`${what}: ${defect.replace(/^checkpoint:? ?/, '')}`);
  return c;
}

/** What a shipped supernet file says about itself. */
export interface SupernetWeights {
  readonly space: string;
  readonly dataset: string;
  readonly config: TrainConfig;
  readonly configHash: string;
  readonly step: number;
  /** the command that trained it */
  readonly command: string;
  readonly variables: readonly NamedArray[];
}

/** Weights only, for shipping (about a third of a training checkpoint). */
export function encodeSupernet(c: Checkpoint, command: string): Uint8Array {
  return encodeSafetensors(
    c.variables.map((v) => ({ name: `param/${v.name}`, shape: v.shape, data: v.data })),
    {
      format: SUPERNET_FORMAT,
      space: c.space,
      dataset: c.dataset,
      configHash: c.configHash,
      config: JSON.stringify(c.config),
      step: String(c.step),
      command,
    },
  );
}

/** Reads the weights of a supernet file, or of a training checkpoint (its optimiser state ignored). */
export function decodeSupernet(bytes: Uint8Array, what = 'supernet'): SupernetWeights {
  const { tensors, metadata: m } = decodeSafetensors(bytes, what);
  const format = need(m, 'format', what);
  if (format !== SUPERNET_FORMAT && format !== CHECKPOINT_FORMAT)
    throw new Error(`${what}: format "${format.slice(0, 40)}" is neither ${SUPERNET_FORMAT} nor ${CHECKPOINT_FORMAT}`);
  const config = configOf(m, what);
  const variables: NamedArray[] = [];
  for (const t of tensors.values())
    if (t.name.startsWith('param/')) variables.push({ name: t.name.slice(6), shape: t.shape, data: t.data });
  if (variables.length === 0) throw new Error(`${what}: no param/… tensors`);
  return {
    space: need(m, 'space', what),
    dataset: need(m, 'dataset', what),
    config,
    configHash: need(m, 'configHash', what),
    step: wholeNumber(need(m, 'step', what), 'step', what, config.steps),
    command: m.command ?? '',
    variables,
  };
}

/** SHA-256 of bytes as lowercase hex (Web Crypto: the page, workers and Node 20 alike). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
