/**
 * The readers of the link's single fields (`space`, `hw`, `hwp`, `g`, `schema`, `train`, `layer`,
 * `hide`, `model`, `sn`) and the `train=` codec. Each reader takes the field's text (undefined when
 * the link does not carry it) and what it depends on, and gives the value to use: a bad value
 * gives the default and pushes one notice that starts with the field's name. Nothing here throws.
 * `url.ts` reads them in order; the `search=`/`trim=` codec is `urlSearch.ts`, the lesson fields
 * `lessonLink.ts`.
 */
import { repeatedNotice } from './link';
import { PANEL_IDS, type PanelId } from './panels';
import { MODEL_TAG } from './model';
import {
  DEFAULT_TRAIN,
  SCHEMA_IDS,
  defaultGenome,
  expandGenome,
  genomeFromLink,
  getSpace,
  hasSpace,
  hasSystem,
  hwFromLink,
  linkNumber,
  pushAll,
  validateGenome,
  validateTrainConfig,
  type Genome,
  type HwKey,
  type SchemaId,
  type TrainConfig,
} from '../core';

/** What `sn=` may hold. */
export const SUPERNET_TAG = /^(own|[a-z0-9-]{1,40}\.[0-9a-f]{8})$/;

const TRAIN_KEYS = Object.keys(DEFAULT_TRAIN) as (keyof TrainConfig)[];

/** Training settings that differ from the defaults (space and dataset follow the space). */
export function encodeTrain(t: TrainConfig): string {
  return TRAIN_KEYS.filter((k) => k !== 'space' && t[k] !== DEFAULT_TRAIN[k])
    .map((k) => `${k}:${typeof t[k] === 'boolean' ? (t[k] ? 1 : 0) : String(t[k])}`)
    .join(',');
}

function decodeTrain(text: string, base: TrainConfig): { value: TrainConfig; errors: string[] } {
  const patch = new Map<string, unknown>();
  const errors: string[] = [];
  for (const part of text.split(',').filter(Boolean)) {
    const i = part.indexOf(':');
    const key = i < 0 ? part : part.slice(0, i);
    const raw = i < 0 ? '' : part.slice(i + 1);
    const k = TRAIN_KEYS.find((x) => x === key);
    if (!k || k === 'space') {
      errors.push(`train: unknown setting "${key.slice(0, 30)}"`);
      continue;
    }
    if (patch.has(k)) {
      errors.push(repeatedNotice('train', k));
      continue;
    }
    const d = DEFAULT_TRAIN[k];
    patch.set(k, typeof d === 'boolean' ? (raw === '1' ? true : raw === '0' ? false : raw) : typeof d === 'number' ? linkNumber(raw) : raw);
  }
  // each setting alone, so one bad value does not discard the others
  let value = base;
  for (const [k, v] of patch) {
    const r = validateTrainConfig({ [k]: v }, value);
    if (r.ok) value = r.value;
    else pushAll(errors, r.errors);
  }
  return { value, errors };
}

/** `space=`: a preset's id. */
export function readSpace(text: string | undefined, fallback: string, errors: string[]): string {
  if (text === undefined || hasSpace(text)) return text ?? fallback;
  errors.push(`space: unknown "${text.slice(0, 30)}"; using ${fallback}`);
  return fallback;
}

/** `hw=`: a hardware preset's id. */
export function readSystem(text: string | undefined, fallback: string, errors: string[]): string {
  if (text === undefined || hasSystem(text)) return text ?? fallback;
  errors.push(`hw: unknown system "${text.slice(0, 30)}"; using ${fallback}`);
  return fallback;
}

/** `hwp=`: the parameters edited on top of `system` (no `hwp`: the preset as it is). */
export function readHwOverrides(text: string | undefined, system: string, errors: string[]): Partial<Record<HwKey, number>> {
  if (text === undefined) return {};
  const r = hwFromLink(text, system);
  pushAll(errors, r.errors); // a loop: a spread of a long list overflows the stack
  return r.value;
}

/**
 * `g=`: the subnet of `space`; without one (or with a bad one), `fallback` when it belongs to that
 * space, else the space's default subnet. `failed`: a `g` was given and not read.
 */
export function readGenome(
  text: string | undefined,
  space: string,
  fallback: { readonly space: string; readonly genome: Genome },
  errors: string[],
): { genome: Genome; failed: boolean } {
  const spaceObj = getSpace(space);
  let genome = space === fallback.space ? fallback.genome : null;
  let failed = false;
  if (text !== undefined) {
    const decoded = genomeFromLink(space, text);
    const valid = decoded ? validateGenome(spaceObj, decoded) : null;
    failed = !valid?.ok;
    if (valid?.ok) genome = valid.value;
    else
      errors.push(
        `g: ${valid && !valid.ok ? valid.errors.slice(0, 3).join('; ') : 'not a genome of the form r.stem[.head]_c.d.k.e.m.types_…'}; using the default subnet`,
      );
  }
  return { genome: genome ?? defaultGenome(spaceObj), failed };
}

/** `schema=`: the layer schema. */
export function readSchema(text: string | undefined, fallback: SchemaId, errors: string[]): SchemaId {
  if (text === undefined) return fallback;
  const id = SCHEMA_IDS.find((x) => x === text);
  if (id) return id;
  errors.push(`schema: unknown "${text.slice(0, 30)}" (allowed: ${SCHEMA_IDS.join(', ')})`);
  return fallback;
}

/** `train=`: the settings over `defaults`, for `space` and with data that fits it. */
export function readTrain(text: string | undefined, space: string, defaults: TrainConfig, errors: string[]): TrainConfig {
  const spaceObj = getSpace(space);
  const base: TrainConfig = {
    ...defaults,
    space,
    dataset: spaceObj.dataset === 'cifar10' ? 'cifar10' : defaults.dataset === 'cifar10' ? 'fashion-mnist' : defaults.dataset,
  };
  if (text === undefined) return base;
  const r = decodeTrain(text, base);
  pushAll(errors, r.errors);
  // the data must fit the space: 28×28×1 sets for mini, CIFAR-10 for mini-cifar
  if ((r.value.dataset === 'cifar10') === (spaceObj.dataset === 'cifar10')) return r.value;
  errors.push(
    `train.dataset: ${r.value.dataset} does not fit space ${space} (${spaceObj.inputChannels === 3 ? 'cifar10' : 'fashion-mnist or mnist'})`,
  );
  return { ...r.value, dataset: base.dataset };
}

/** `model=<format>.<sha8>.<file>`: the model file the page estimated in place of the subnet. */
export function readModelTag(text: string | undefined, errors: string[]): string | undefined {
  if (text === undefined || MODEL_TAG.test(text)) return text;
  errors.push(`model: "${text.slice(0, 60)}" is not a model file of the form <tflite|onnx|json>.<8 hex digits>.<file name>`);
  return undefined;
}

/**
 * `layer=`: a layer of the link's model file when it names one (checked against its layers once
 * the file is opened), else of the subnet `genome` of `space`.
 */
export function readLayer(
  text: string | undefined,
  of: { readonly model: string | undefined; readonly space: string; readonly genome: Genome; readonly genomeFailed: boolean },
  errors: string[],
): number | null {
  if (text === undefined) return null;
  if (of.model !== undefined) {
    if (/^\d{1,5}$/.test(text)) return Number(text);
    errors.push(`layer: "${text.slice(0, 20)}" is not a layer index; none is selected`);
    return null;
  }
  const count = expandGenome(getSpace(of.space), of.genome).length;
  // the index was meant for the link's subnet: with the default one in its place it would point elsewhere
  if (of.genomeFailed) errors.push('layer: its subnet (g) was not read; none is selected');
  else if (/^\d{1,5}$/.test(text) && Number(text) < count) return Number(text);
  else errors.push(`layer: "${text.slice(0, 20)}" is not a layer of this subnet (0–${count - 1}); none is selected`);
  return null;
}

/** `hide=`: the panels folded away, in PANEL_IDS order (an unknown name is named and skipped). */
export function readHidden(text: string | undefined, fallback: readonly PanelId[], errors: string[]): readonly PanelId[] {
  if (text === undefined) return fallback;
  const names = text.split('.').filter(Boolean);
  const unknown = names.filter((n) => !(PANEL_IDS as readonly string[]).includes(n));
  if (unknown.length > 0) errors.push(`hide: unknown panel "${(unknown[0] ?? '').slice(0, 30)}" (panels: ${PANEL_IDS.join(', ')})`);
  return PANEL_IDS.filter((id) => names.includes(id));
}

/** `sn=`: the supernet the page's accuracies came from. */
export function readSupernet(text: string | undefined, errors: string[]): string | undefined {
  if (text === undefined || SUPERNET_TAG.test(text)) return text;
  errors.push(`sn: "${text.slice(0, 60)}" is not a supernet of the form <id>.<8 hex digits> or own`);
  return undefined;
}
