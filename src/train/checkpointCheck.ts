/**
 * Full validation of a training checkpoint before anything uses it: one read from a file
 * (checkpointFile.ts) or from the page's IndexedDB slot (anything a browser kept, or an older build
 * wrote). Two parts: `checkpointDefect` checks the checkpoint on its own (format, step, finite
 * values, optimiser, history); `checkpointFitDefect` checks it against the supernet it is to fill
 * (every variable present with its shape, the moments with their variable's). Each message names
 * the field and says what was given; nothing is repaired and nothing is written.
 */
import { DEFAULT_TRAIN, trainConfigHash, validateTrainConfig, type TrainConfig } from '../core/training/trainConfig.js';
import type { Checkpoint } from './trainer.js';

/** Most tensors a checkpoint may hold (a `mini` supernet has about 200 variables, twice that in moments). */
export const CHECKPOINT_MAX_TENSORS = 20_000;
const ROLES = new Set(['largest', 'smallest', 'random']);

/** What was given, for a message: numbers as JavaScript writes them (NaN, -5, 1e+400 → Infinity), text shortened. */
export function shown(x: unknown): string {
  if (typeof x === 'number') return String(x);
  if (typeof x === 'string') return `"${x.length > 40 ? `${x.slice(0, 40)}…` : x}"`;
  if (x === null) return 'null';
  if (Array.isArray(x)) return `a list of ${x.length}`;
  return typeof x;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const wholeIn = (x: unknown, lo: number, hi: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= lo && x <= hi;
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** A named float array: its shape whole numbers, its data a Float32Array of that many finite values. */
function arrayDefect(x: unknown, field: string): string | null {
  if (!isObject(x)) return `${field}: must be { name, shape, data }, got ${shown(x)}`;
  const name = own(x, 'name');
  if (typeof name !== 'string' || name.length === 0 || name.length > 200)
    return `${field}: name must be text of 1–200 characters, got ${shown(name)}`;
  const at = `${field} "${name.slice(0, 60)}"`;
  const shape = own(x, 'shape');
  if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => wholeIn(d, 0, 2 ** 24)))
    return `${at}: shape must be a list of at most 8 whole numbers, got ${shown(shape)}`;
  const data = own(x, 'data');
  if (!(data instanceof Float32Array)) return `${at}: data must be float32 values, got ${shown(data)}`;
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) return `${at}: ${data.length} values, its shape ${shapeText(shape)} holds ${count}`;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) return `${at}: value ${i} is ${String(data[i])} (must be finite)`;
  }
  return null;
}

function historyDefect(h: unknown, step: number): string | null {
  if (!isObject(h)) return `checkpoint history: must be { steps, evals }, got ${shown(h)}`;
  const steps = own(h, 'steps');
  const evals = own(h, 'evals');
  if (!Array.isArray(steps)) return `checkpoint history.steps: must be a list, got ${shown(steps)}`;
  if (!Array.isArray(evals)) return `checkpoint history.evals: must be a list, got ${shown(evals)}`;
  if (steps.length > step) return `checkpoint history.steps: ${steps.length} entries for ${step} steps done`;
  const num = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);
  for (let i = 0; i < steps.length; i++) {
    const s: unknown = steps[i];
    const at = `checkpoint history.steps[${i}]`;
    if (!isObject(s)) return `${at}: must be { step, phase, lr, roles, losses }, got ${shown(s)}`;
    if (!wholeIn(own(s, 'step'), 0, step - 1)) return `${at}.step: ${shown(own(s, 'step'))} (must be a whole number from 0 to ${step - 1})`;
    if (own(s, 'phase') !== 1 && own(s, 'phase') !== 2) return `${at}.phase: ${shown(own(s, 'phase'))} (must be 1 or 2)`;
    if (!num(own(s, 'lr'))) return `${at}.lr: ${shown(own(s, 'lr'))} (must be a finite number)`;
    const roles = own(s, 'roles');
    const losses = own(s, 'losses');
    if (!Array.isArray(roles) || roles.length === 0 || roles.length > 64 || !roles.every((r) => ROLES.has(r as string)))
      return `${at}.roles: must be a list of largest, smallest, random, got ${shown(roles)}`;
    if (!Array.isArray(losses) || losses.length !== roles.length || !losses.every(num))
      return `${at}.losses: must be ${roles.length} finite numbers, got ${Array.isArray(losses) ? `[${losses.slice(0, 4).map(shown).join(', ')}${losses.length > 4 ? ', …' : ''}]` : shown(losses)}`;
  }
  for (let i = 0; i < evals.length; i++) {
    const e: unknown = evals[i];
    const at = `checkpoint history.evals[${i}]`;
    if (!isObject(e)) return `${at}: must be { step, largest, smallest }, got ${shown(e)}`;
    if (!wholeIn(own(e, 'step'), 0, step)) return `${at}.step: ${shown(own(e, 'step'))} (must be a whole number from 0 to ${step})`;
    for (const k of ['largest', 'smallest']) {
      const a = own(e, k);
      if (!(typeof a === 'number' && a >= 0 && a <= 1)) return `${at}.${k}: ${shown(a)} (must be an accuracy from 0 to 1)`;
    }
  }
  return null;
}

function optimizerDefect(o: unknown, config: TrainConfig): string | null {
  if (!isObject(o)) return `checkpoint optimizer: must be { kind, t, slots, counts }, got ${shown(o)}`;
  const kind = own(o, 'kind');
  if (kind !== config.optimizer) return `checkpoint optimizer.kind: ${shown(kind)} (its config trains with "${config.optimizer}")`;
  const t = own(o, 't');
  if (!wholeIn(t, 0, Number.MAX_SAFE_INTEGER)) return `checkpoint optimizer.t: ${shown(t)} (must be a whole number of updates, 0 or more)`;
  const slots = own(o, 'slots');
  if (!Array.isArray(slots) || slots.length > CHECKPOINT_MAX_TENSORS)
    return `checkpoint optimizer.slots: must be a list of at most ${CHECKPOINT_MAX_TENSORS} arrays, got ${shown(slots)}`;
  const seen = new Set<string>();
  for (let i = 0; i < slots.length; i++) {
    const d = arrayDefect(slots[i], `checkpoint optimizer slot ${i}`);
    if (d) return d;
    const name = (slots[i] as { name: string }).name;
    if (seen.has(name)) return `checkpoint optimizer slot "${name.slice(0, 60)}": appears twice`;
    seen.add(name);
    const suffix = name.slice(name.lastIndexOf('/') + 1);
    if (!name.includes('/') || !(suffix === 'm' || (suffix === 'v' && kind === 'adam')))
      return `checkpoint optimizer slot "${name.slice(0, 60)}": must be <variable>/m${kind === 'adam' ? ' or <variable>/v' : ''}`;
  }
  const counts = own(o, 'counts');
  if (!isObject(counts)) return `checkpoint optimizer.counts: must map variable names to update counts, got ${shown(counts)}`;
  for (const [name, n] of Object.entries(counts)) {
    if (!wholeIn(n, 0, t))
      return `checkpoint optimizer.counts "${name.slice(0, 60)}": ${shown(n)} (must be a whole number from 0 to ${String(t)}, the updates made)`;
  }
  return null;
}

/**
 * Why a checkpoint (anything: a decoded file, an IndexedDB value) is not a well-formed one, or null.
 * Checks the format version, the names, the config (complete, valid, matching its hash), the step
 * (a whole number from 0 to the run's steps), every variable and moment (finite, sized by its shape,
 * no name twice), the optimiser's counters and the history.
 */
export function checkpointDefect(c: unknown): string | null {
  if (!isObject(c)) return `checkpoint: must be an object, got ${shown(c)}`;
  if (own(c, 'version') !== 1) return `checkpoint version: ${shown(own(c, 'version'))} (only 1 is known)`;
  for (const k of ['space', 'dataset', 'configHash']) {
    const v = own(c, k);
    if (typeof v !== 'string' || v.length === 0 || v.length > 200)
      return `checkpoint ${k}: must be text of 1–200 characters, got ${shown(v)}`;
  }
  const rawConfig = own(c, 'config');
  if (!isObject(rawConfig)) return `checkpoint config: must be an object, got ${shown(rawConfig)}`;
  const missing = Object.keys(DEFAULT_TRAIN).filter((k) => !Object.hasOwn(rawConfig, k));
  if (missing.length > 0) return `checkpoint config: ${missing.slice(0, 5).join(', ')} missing`;
  const v = validateTrainConfig(rawConfig);
  if (!v.ok) return `checkpoint config: ${v.errors.join('; ').replace(/train\./g, '')}`;
  const config = v.value;
  if (config.space !== own(c, 'space') || config.dataset !== own(c, 'dataset'))
    return `checkpoint config: space/dataset ${config.space}/${config.dataset} differ from the checkpoint's ${String(own(c, 'space')).slice(0, 40)}/${String(own(c, 'dataset')).slice(0, 40)}`;
  if (trainConfigHash(config) !== own(c, 'configHash'))
    return `checkpoint configHash: ${shown(own(c, 'configHash'))} does not match its config (${trainConfigHash(config)})`;
  const step = own(c, 'step');
  if (!wholeIn(step, 0, config.steps)) return `checkpoint step: ${shown(step)} (must be a whole number from 0 to ${config.steps})`;
  const variables = own(c, 'variables');
  if (!Array.isArray(variables) || variables.length === 0 || variables.length > CHECKPOINT_MAX_TENSORS) {
    return `checkpoint variables: must be a list of 1–${CHECKPOINT_MAX_TENSORS} arrays, got ${Array.isArray(variables) ? `${variables.length}` : shown(variables)}`;
  }
  const names = new Set<string>();
  for (let i = 0; i < variables.length; i++) {
    const d = arrayDefect(variables[i], `checkpoint variable ${i}`);
    if (d) return d;
    const name = (variables[i] as { name: string }).name;
    if (names.has(name)) return `checkpoint variable "${name.slice(0, 60)}": appears twice`;
    names.add(name);
  }
  return optimizerDefect(own(c, 'optimizer'), config) ?? historyDefect(own(c, 'history'), step);
}

/**
 * Why a well-formed checkpoint does not fit the supernet it is to fill (`shapes`: each variable's
 * shape, `space` names it), or null: every variable present with its shape and none besides, each
 * moment and update count belonging to a variable, the moment of the variable's shape.
 */
export function checkpointFitDefect(c: Checkpoint, shapes: ReadonlyMap<string, readonly number[]>, space: string): string | null {
  const given = new Map(c.variables.map((v) => [v.name, v.shape]));
  const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  for (const [name, shape] of shapes) {
    const s = given.get(name);
    if (!s)
      return `checkpoint: variable "${name}" missing (the ${space} supernet has ${shapes.size}, the checkpoint ${c.variables.length})`;
    if (!same(s, shape)) return `checkpoint: variable "${name}" has shape ${shapeText(s)}, the ${space} supernet's is ${shapeText(shape)}`;
  }
  for (const name of given.keys())
    if (!shapes.has(name)) return `checkpoint: variable "${name.slice(0, 60)}" is not in the ${space} supernet`;
  for (const s of c.optimizer.slots) {
    const base = s.name.slice(0, s.name.lastIndexOf('/'));
    const shape = shapes.get(base);
    if (!shape) return `checkpoint: optimizer slot "${s.name.slice(0, 60)}" belongs to no variable of the ${space} supernet`;
    if (!same(s.shape, shape))
      return `checkpoint: optimizer slot "${s.name}" has shape ${shapeText(s.shape)}, its variable's is ${shapeText(shape)}`;
  }
  for (const name of Object.keys(c.optimizer.counts))
    if (!shapes.has(name)) return `checkpoint: optimizer.counts "${name.slice(0, 60)}" names no variable of the ${space} supernet`;
  return null;
}
