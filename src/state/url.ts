/**
 * The URL hash: every input that determines a result, versioned, so a link reproduces the
 * numbers. Each field is read on its own with its own schema: a bad field falls back to its
 * default and is named in the messages; the others still apply. Nothing here throws.
 * `link.ts` holds the envelope (version, compression of long links, migrations of old ones).
 *
 *   #v=2&space=mini&hw=u55-mram&hwp=cimMacros:4,cimUnits:2&g=28.16_16.2.3.2.2.mm_…&schema=hetero&train=steps:300&layer=7&hide=sweep&end
 *
 * `hwp` lists the hardware parameters edited on top of the preset `hw` (absent: none).
 * `g` is the genome: `r.stem` (`r.stem.head` with a head width other than the default, `nasvit`), then per stage `c.d.k.e.m.` and one letter per block (m = MBConv,
 * v = ViT), stages joined by `_`. `train` lists the training settings that differ from the defaults.
 * `layer` is the selected layer of that subnet; `hide` the panels folded away.
 * `lesson` and `step` name the lesson that plays and its step (1-based); `lz` carries a teacher's
 * lesson itself (lessonLink.ts); `present` the presenter's hidden controls and `large` (presenter.ts).
 * Whether `lesson` names a lesson that exists is decided once the lessons are loaded (lessonPlay.ts).
 * `model` names a model file the page estimates in place of `g` (model.ts); `cal` the calibration's factors.
 */
import { LINK_VERSION, readLink, repeatedNotice, writeLink } from './link';
import { PANEL_IDS, type PanelId } from './panels';
import { readLessonFields, writeLessonFields } from './lessonLink';
import type { Presenter } from './presenter';
import { MODEL_TAG } from './model';
import {
  calibrationFromLink,
  calibrationToLink,
  type Calibration,
  DEFAULT_SEARCH,
  SEARCH_OBJECTIVES,
  pushAll,
  validateSearchSettings,
  type SearchSettings,
  DEFAULT_TRAIN,
  defaultGenome,
  genomeFromLink,
  linkNumber,
  genomeToLink,
  hwFromLink,
  hwToLink,
  expandGenome,
  getSpace,
  hasSpace,
  hasSystem,
  SCHEMA_IDS,
  validateGenome,
  validateTrainConfig,
  type Genome,
  type HwKey,
  type Lesson,
  type SchemaId,
  type TrainConfig,
} from '../core';

export interface UrlState {
  readonly space: string;
  readonly system: string;
  /** parameters edited on top of the preset */
  readonly hwOverrides: Readonly<Partial<Record<HwKey, number>>>;
  readonly genome: Genome;
  readonly layerSchema: SchemaId;
  readonly train: TrainConfig;
  /** the search settings (objectives, schema, budgets, population, generations, seed, accuracy, space trims) */
  readonly search: SearchSettings;
  /** the layer selected in the timeline and the table, or null */
  readonly selectedLayer: number | null;
  /** the panels folded away, in PANEL_IDS order */
  readonly hiddenPanels: readonly PanelId[];
  /** the lesson that plays and its step (1-based); absent: none */
  readonly lesson?: { readonly id: string; readonly step: number };
  /** a teacher's lesson carried by the link itself (`lz=`) */
  readonly customLesson?: Lesson;
  /** presenter mode; absent: none */
  readonly present?: Presenter;
  /**
   * `sn=`: the supernet the page's accuracies came from — a shipped one as `<id>.<first 8 hex digits
   * of its weights' SHA-256>`, or `own` (trained on the sender's page); absent: none named
   */
  readonly supernet?: string;
  /**
   * `model=<format>.<sha8>.<file>`: the model file the page estimated in place of the subnet (the
   * file itself does not travel; model.ts); absent: the subnet `g`
   */
  readonly model?: string;
  /** `cal=t.conv.npu:1.37,…`: the calibration's factors (core/hardware/calibration.ts); absent: none */
  readonly calibration?: Calibration;
}

/** What `sn=` may hold. */
export const SUPERNET_TAG = /^(own|[a-z0-9-]{1,40}\.[0-9a-f]{8})$/;

export { genomeToLink as encodeGenome, genomeFromLink as decodeGenome } from '../core';

const TRAIN_KEYS = Object.keys(DEFAULT_TRAIN) as (keyof TrainConfig)[];

/** Training settings that differ from the defaults (space and dataset follow the space). */
function encodeTrain(t: TrainConfig): string {
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

// ── search settings: `search=obj:accuracy.latencyMs,pop:32,lat:0.1,…` and `trim=r28~s2.k3~…` ───────────
const SEARCH_KEYS = {
  obj: 'objectives',
  schema: 'schema',
  pop: 'population',
  gen: 'generations',
  seed: 'seed',
  acc: 'accuracy',
  co: 'coSearch',
  ex: 'exhaustive',
  lat: 'latencyMs',
  en: 'energyUj',
  par: 'params',
} as const;
type SearchKey = keyof typeof SEARCH_KEYS;

function encodeSearch(s: SearchSettings): string {
  const d = DEFAULT_SEARCH;
  const out: string[] = [];
  if (s.objectives.join('.') !== d.objectives.join('.')) out.push(`obj:${s.objectives.join('.')}`);
  if (s.schema !== d.schema) out.push(`schema:${s.schema}`);
  if (s.population !== d.population) out.push(`pop:${s.population}`);
  if (s.generations !== d.generations) out.push(`gen:${s.generations}`);
  if (s.seed !== d.seed) out.push(`seed:${s.seed}`);
  if (s.accuracy !== d.accuracy) out.push(`acc:${s.accuracy}`);
  if (s.coSearch) out.push('co:1');
  if (s.exhaustive) out.push('ex:1');
  for (const [k, b] of [
    ['lat', 'latencyMs'],
    ['en', 'energyUj'],
    ['par', 'params'],
  ] as const)
    if (s.budgets[b] !== undefined) out.push(`${k}:${s.budgets[b]}`);
  return out.join(',');
}

/** The trims as the trimmed space's id parts: `r28~stem16~s2.d1-2~s2.k3` (`head1984` for `nasvit`'s head width). */
function encodeTrims(t: SearchSettings['trims']): string {
  const parts: string[] = [];
  if (t.r) parts.push(`r${t.r.join('-')}`);
  if (t.stem) parts.push(`stem${t.stem.join('-')}`);
  if (t.head) parts.push(`head${t.head.join('-')}`);
  for (const [stage, st] of Object.entries(t.stages ?? {})) {
    for (const g of ['c', 'd', 'k', 'e', 'm'] as const) if (st[g]) parts.push(`${stage}.${g}${st[g].join('-')}`);
  }
  return parts.join('~');
}

/**
 * The trims of `trim=`; stages are keyed by the link's text, so they live in objects without a
 * prototype (`constructor.k3` names a stage called "constructor", which the space then refuses).
 * A gene given twice keeps its first choices and is named in `errors`.
 */
function decodeTrims(text: string, errors: string[]): SearchSettings['trims'] | null {
  const trims: { r?: number[]; stem?: number[]; head?: number[]; stages?: Record<string, Record<string, number[]>> } = {};
  for (const part of text.split('~').filter(Boolean)) {
    const m = /^(?:(r|stem|head)|([a-z]\w{0,15})\.([cdkem]))((?:\d{1,6}-)*\d{1,6})$/.exec(part);
    if (!m) return null;
    const values = (m[4] ?? '').split('-').map(Number);
    const gene = m[1] ?? `${m[2] ?? ''}.${m[3] ?? ''}`;
    if (m[1] === 'r' || m[1] === 'stem' || m[1] === 'head') {
      if (trims[m[1]] === undefined) trims[m[1]] = values;
      else errors.push(repeatedNotice('trim', gene));
    } else {
      const stages = (trims.stages ??= Object.create(null) as Record<string, Record<string, number[]>>);
      const name = m[2] as string;
      const st = Object.hasOwn(stages, name)
        ? (stages[name] as Record<string, number[]>)
        : (stages[name] = Object.create(null) as Record<string, number[]>);
      if (Object.hasOwn(st, m[3] as string)) errors.push(repeatedNotice('trim', gene));
      else st[m[3] as string] = values;
    }
  }
  return trims as SearchSettings['trims'];
}

/** Each field over the defaults, checked with the settings' own validation; a bad one is named and skipped. */
function decodeSearch(text: string | null, trim: string | null, space: string): { value: SearchSettings; errors: string[] } {
  const errors: string[] = [];
  let value: SearchSettings = DEFAULT_SEARCH;
  const tryPatch = (patch: Partial<SearchSettings>, field: string): void => {
    const next = { ...value, ...patch };
    const e = validateSearchSettings(next, getSpace(space));
    if (e.length === 0) value = next;
    else errors.push(`search.${field}: ${e[0]?.replace(/^search\.[\w.]+: /, '') ?? 'invalid'}`);
  };
  if (trim !== null) {
    const t = decodeTrims(trim, errors);
    if (t) tryPatch({ trims: t }, 'trim');
    else errors.push('trim: not of the form r28~stem16~s2.k3~…; the whole space is searched');
  }
  // settings that others depend on first (co-search allows the CIM-area objective; enumeration needs the trims)
  const ORDER: readonly string[] = ['co', 'schema', 'pop', 'gen', 'seed', 'lat', 'en', 'par', 'obj', 'acc', 'ex'];
  const rank = (part: string): number => {
    const k = ORDER.indexOf(part.split(':')[0] ?? '');
    return k < 0 ? ORDER.length : k;
  };
  // the first of a repeated setting wins (the sort below is stable, so "first" is the link's order)
  const seen = new Set<string>();
  for (const part of (text ?? '')
    .split(',')
    .filter(Boolean)
    .sort((a, b) => rank(a) - rank(b))) {
    const i = part.indexOf(':');
    const key = (i < 0 ? part : part.slice(0, i)) as SearchKey;
    const raw = i < 0 ? '' : part.slice(i + 1);
    if (!Object.hasOwn(SEARCH_KEYS, key)) {
      errors.push(`search: unknown setting "${key.slice(0, 30)}"`);
      continue;
    }
    if (seen.has(key)) {
      errors.push(repeatedNotice('search', key));
      continue;
    }
    seen.add(key);
    const n = linkNumber(raw);
    const num = typeof n === 'number' ? n : NaN;
    switch (key) {
      case 'obj': {
        const objs = raw.split('.').filter(Boolean);
        if (objs.every((o) => (SEARCH_OBJECTIVES as readonly string[]).includes(o)))
          tryPatch({ objectives: objs as SearchSettings['objectives'] }, 'objectives');
        else errors.push(`search.objectives: unknown objective in "${raw.slice(0, 40)}"`);
        break;
      }
      case 'schema':
        tryPatch({ schema: raw as SchemaId }, 'schema');
        break;
      case 'acc':
        if (['proxy', 'predictor', 'supernet', 'table'].includes(raw))
          tryPatch({ accuracy: raw as SearchSettings['accuracy'] }, 'accuracy');
        else errors.push(`search.accuracy: unknown source "${raw.slice(0, 20)}"`);
        break;
      case 'co':
      case 'ex':
        if (raw === '1' || raw === '0') tryPatch({ [SEARCH_KEYS[key]]: raw === '1' }, SEARCH_KEYS[key]);
        else errors.push(`search.${SEARCH_KEYS[key]}: must be 0 or 1`);
        break;
      case 'lat':
      case 'en':
      case 'par':
        tryPatch({ budgets: { ...value.budgets, [SEARCH_KEYS[key]]: num } }, `budgets.${SEARCH_KEYS[key]}`);
        break;
      default:
        tryPatch({ [SEARCH_KEYS[key]]: num }, SEARCH_KEYS[key]);
    }
  }
  return { value, errors };
}

/** At most this many notices per field (a link may repeat a bad setting 100,000 times); the rest are counted in one more. */
export const MAX_NOTICES_PER_FIELD = 5;

/** The notices, at most MAX_NOTICES_PER_FIELD per field (the text before the first `:`), and one count per field of those left out. */
function limitNotices(errors: readonly string[]): string[] {
  const counts = new Map<string, number>();
  const out: string[] = [];
  for (const e of errors) {
    const field = e.slice(0, Math.max(0, e.indexOf(':')));
    const n = (counts.get(field) ?? 0) + 1;
    counts.set(field, n);
    if (n <= MAX_NOTICES_PER_FIELD) out.push(e);
  }
  for (const [field, n] of counts)
    if (n > MAX_NOTICES_PER_FIELD)
      out.push(`${field}: ${(n - MAX_NOTICES_PER_FIELD).toLocaleString('en-US')} more notices like these, not shown`);
  return out;
}

/** Every field a link of this version may carry. */
const FIELDS: readonly string[] = [
  'space',
  'hw',
  'hwp',
  'g',
  'schema',
  'train',
  'search',
  'trim',
  'layer',
  'hide',
  'lesson',
  'step',
  'present',
  'lz',
  'sn',
  'model',
  'cal',
];

/** The hash for a state (without the leading `#`): plain, or compressed when long. */
export function toHash(s: UrlState, opts: { readonly compress?: boolean } = {}): string {
  const f = new Map<string, string>();
  f.set('space', s.space);
  f.set('hw', s.system);
  const hwp = hwToLink(s.hwOverrides);
  if (hwp) f.set('hwp', hwp);
  f.set('g', genomeToLink(s.genome));
  f.set('schema', s.layerSchema);
  const train = encodeTrain(s.train);
  if (train) f.set('train', train);
  const search = encodeSearch(s.search);
  if (search) f.set('search', search);
  const trim = encodeTrims(s.search.trims);
  if (trim) f.set('trim', trim);
  if (s.selectedLayer !== null) f.set('layer', String(s.selectedLayer));
  const hide = PANEL_IDS.filter((p) => s.hiddenPanels.includes(p));
  if (hide.length > 0) f.set('hide', hide.join('.'));
  if (s.supernet !== undefined && SUPERNET_TAG.test(s.supernet)) f.set('sn', s.supernet);
  if (s.model !== undefined && MODEL_TAG.test(s.model)) f.set('model', s.model);
  if (s.calibration) f.set('cal', calibrationToLink(s.calibration));
  writeLessonFields(f, s);
  return writeLink(f, opts);
}

/**
 * Reads a hash of any version over `defaults`. Returns the state (bad fields at their defaults) and
 * one message per field that was not applied. A link from a newer version is read as far as this
 * version understands it.
 */
export function fromHash(hash: string, defaults: UrlState): { state: UrlState; errors: string[] } {
  const link = readLink(hash);
  const errors: string[] = [...link.errors];
  const p = link.fields;
  // a field this version does not write is named (a newer version's are covered by the `v` message)
  if (link.version <= LINK_VERSION) {
    for (const k of p.keys()) if (!FIELDS.includes(k)) errors.push(`link: unknown field "${k.slice(0, 30)}"; ignored`);
  }
  let space = defaults.space;
  const sp = p.get('space');
  if (sp !== undefined) {
    if (hasSpace(sp)) space = sp;
    else errors.push(`space: unknown "${sp.slice(0, 30)}"; using ${defaults.space}`);
  }
  let system = defaults.system;
  const hw = p.get('hw');
  if (hw !== undefined) {
    if (hasSystem(hw)) system = hw;
    else errors.push(`hw: unknown system "${hw.slice(0, 30)}"; using ${defaults.system}`);
  }
  // no `hwp`: the preset as it is
  let hwOverrides: UrlState['hwOverrides'] = {};
  const hwp = p.get('hwp');
  if (hwp !== undefined) {
    const r = hwFromLink(hwp, system);
    hwOverrides = r.value;
    for (const e of r.errors) errors.push(e); // a loop: a spread of a long list overflows the stack
  }
  const spaceObj = getSpace(space);
  let genome = space === defaults.space ? defaults.genome : null;
  const g = p.get('g');
  let genomeFailed = false;
  if (g !== undefined) {
    const decoded = genomeFromLink(space, g);
    const valid = decoded ? validateGenome(spaceObj, decoded) : null;
    genomeFailed = !valid?.ok;
    if (valid?.ok) genome = valid.value;
    else
      errors.push(
        `g: ${valid && !valid.ok ? valid.errors.slice(0, 3).join('; ') : 'not a genome of the form r.stem[.head]_c.d.k.e.m.types_…'}; using the default subnet`,
      );
  }
  genome ??= defaultGenome(spaceObj);
  let layerSchema = defaults.layerSchema;
  const schema = p.get('schema');
  if (schema !== undefined) {
    const id = SCHEMA_IDS.find((x) => x === schema);
    if (id) layerSchema = id;
    else errors.push(`schema: unknown "${schema.slice(0, 30)}" (allowed: ${SCHEMA_IDS.join(', ')})`);
  }
  const trainBase: TrainConfig = {
    ...defaults.train,
    space,
    dataset:
      getSpace(space).dataset === 'cifar10' ? 'cifar10' : defaults.train.dataset === 'cifar10' ? 'fashion-mnist' : defaults.train.dataset,
  };
  const t = p.get('train');
  let train = trainBase;
  if (t !== undefined) {
    const r = decodeTrain(t, trainBase);
    train = r.value;
    for (const e of r.errors) errors.push(e);
    // the data must fit the space: 28×28×1 sets for mini, CIFAR-10 for mini-cifar
    if ((train.dataset === 'cifar10') !== (spaceObj.dataset === 'cifar10')) {
      errors.push(
        `train.dataset: ${train.dataset} does not fit space ${space} (${spaceObj.inputChannels === 3 ? 'cifar10' : 'fashion-mnist or mnist'})`,
      );
      train = { ...train, dataset: trainBase.dataset };
    }
  }
  const searchR = decodeSearch(p.get('search') ?? null, p.get('trim') ?? null, space);
  for (const e of searchR.errors) errors.push(e);
  let selectedLayer: number | null = null;
  const layer = p.get('layer');
  const cal = p.get('cal');
  const calR = cal === undefined ? null : calibrationFromLink(cal);
  for (const e of calR?.errors ?? []) errors.push(e);
  const modelField = p.get('model');
  let model: string | undefined;
  if (modelField !== undefined) {
    if (MODEL_TAG.test(modelField)) model = modelField;
    else errors.push(`model: "${modelField.slice(0, 60)}" is not a model file of the form <tflite|onnx|json>.<8 hex digits>.<file name>`);
  }
  if (layer !== undefined && model !== undefined) {
    // a layer of the link's model file: checked against its layers once the file is opened
    if (/^\d{1,5}$/.test(layer)) selectedLayer = Number(layer);
    else errors.push(`layer: "${layer.slice(0, 20)}" is not a layer index; none is selected`);
  } else if (layer !== undefined) {
    const count = expandGenome(spaceObj, genome).length;
    // the index was meant for the link's subnet: with the default one in its place it would point elsewhere
    if (genomeFailed) errors.push('layer: its subnet (g) was not read; none is selected');
    else if (/^\d{1,5}$/.test(layer) && Number(layer) < count) selectedLayer = Number(layer);
    else errors.push(`layer: "${layer.slice(0, 20)}" is not a layer of this subnet (0–${count - 1}); none is selected`);
  }
  let hiddenPanels: readonly PanelId[] = defaults.hiddenPanels;
  const hide = p.get('hide');
  if (hide !== undefined) {
    const names = hide.split('.').filter(Boolean);
    const unknown = names.filter((n) => !(PANEL_IDS as readonly string[]).includes(n));
    if (unknown.length > 0) errors.push(`hide: unknown panel "${(unknown[0] ?? '').slice(0, 30)}" (panels: ${PANEL_IDS.join(', ')})`);
    hiddenPanels = PANEL_IDS.filter((id) => names.includes(id));
  }
  const extra = readLessonFields(p, errors);
  const sn = p.get('sn');
  let supernet: string | undefined;
  if (sn !== undefined) {
    if (SUPERNET_TAG.test(sn)) supernet = sn;
    else errors.push(`sn: "${sn.slice(0, 60)}" is not a supernet of the form <id>.<8 hex digits> or own`);
  }
  return {
    state: {
      space,
      system,
      hwOverrides,
      genome,
      layerSchema,
      train,
      search: searchR.value,
      selectedLayer,
      hiddenPanels,
      ...extra,
      ...(supernet !== undefined ? { supernet } : {}),
      ...(model !== undefined ? { model } : {}),
      ...(calR?.value ? { calibration: calR.value } : {}),
    },
    errors: limitNotices(errors),
  };
}
