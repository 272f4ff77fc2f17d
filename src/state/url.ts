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
 * `model` names a model file the page estimates in place of `g` (model.ts); `cal` the calibration's factors;
 * `paper` the paper view's run settings (urlPaper.ts).
 *
 * This file holds the state, the list of fields and the two directions; the single fields' readers
 * and the `train=` codec are in `urlFields.ts`, the `search=`/`trim=` codec in `urlSearch.ts`.
 */
import { LINK_VERSION, readLink, writeLink } from './link';
import { PANEL_IDS, type PanelId } from './panels';
import { readLessonFields, writeLessonFields } from './lessonLink';
import type { Presenter } from './presenter';
import { MODEL_TAG } from './model';
import { decodeSearch, encodeSearch, encodeTrims } from './urlSearch';
import { decodePaper, encodePaper } from './urlPaper';
import {
  SUPERNET_TAG,
  encodeTrain,
  readGenome,
  readHidden,
  readHwOverrides,
  readLayer,
  readModelTag,
  readSchema,
  readSpace,
  readSupernet,
  readSystem,
  readTrain,
} from './urlFields';
import {
  calibrationFromLink,
  calibrationToLink,
  getSpace,
  type Calibration,
  type PaperSearch,
  pushAll,
  type SearchSettings,
  genomeToLink,
  hwToLink,
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
  /** `paper=`: the paper view's run settings (urlPaper.ts); absent: the view has not been run */
  readonly paper?: PaperSearch;
}

export { SUPERNET_TAG } from './urlFields';
export { genomeToLink as encodeGenome, genomeFromLink as decodeGenome } from '../core';

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
export const LINK_FIELDS: readonly string[] = [
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
  'paper',
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
  const paper = encodePaper(s.paper ?? null);
  if (paper) f.set('paper', paper);
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
    for (const k of p.keys()) if (!LINK_FIELDS.includes(k)) errors.push(`link: unknown field "${k.slice(0, 30)}"; ignored`);
  }
  // in this order: a field is read after those it depends on, and the notices follow it
  const space = readSpace(p.get('space'), defaults.space, errors);
  const system = readSystem(p.get('hw'), defaults.system, errors);
  const hwOverrides = readHwOverrides(p.get('hwp'), system, errors);
  const { genome, failed: genomeFailed } = readGenome(p.get('g'), space, defaults, errors);
  const layerSchema = readSchema(p.get('schema'), defaults.layerSchema, errors);
  const train = readTrain(p.get('train'), space, defaults.train, errors);
  const searchR = decodeSearch(p.get('search') ?? null, p.get('trim') ?? null, space);
  pushAll(errors, searchR.errors);
  const cal = p.get('cal');
  const calR = cal === undefined ? null : calibrationFromLink(cal);
  pushAll(errors, calR?.errors ?? []);
  const model = readModelTag(p.get('model'), errors);
  const selectedLayer = readLayer(p.get('layer'), { model, space, genome, genomeFailed }, errors);
  const hiddenPanels = readHidden(p.get('hide'), defaults.hiddenPanels, errors);
  const extra = readLessonFields(p, errors);
  const supernet = readSupernet(p.get('sn'), errors);
  const paperR = decodePaper(p.get('paper'), getSpace(space));
  pushAll(errors, paperR.errors);
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
      ...(paperR.value ? { paper: paperR.value } : {}),
    },
    errors: limitNotices(errors),
  };
}
