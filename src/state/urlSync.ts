/**
 * Keeps the URL hash and the stores in step: the hash is read once at start (and when the user
 * edits it), and rewritten (replaceState, no history entries) whenever an input changes.
 */
import { appStore, setUrlNotices, type AppState } from './store';
import { calibrationToLink } from '../core';
import { followPageSupernet, linkSupernet, noteLinkedSupernet } from './linkSupernet';
import { searchStore } from './search';
import { paperStore } from './paper';
import { trainingStore } from './training';
import { fromHash, toHash, type UrlState } from './url';
import { decodeModelTag, encodeModelTag, modelTag, sameTag, type LoadedModel, type ModelTag } from './model';
import { readLink } from './link';
import { lessonsStore } from './lessons';
import { NO_PRESENTER, presenterStore, setPresenter } from './presenter';

/** The lesson fields of the page: the lesson that plays (or the one a link asked for, while the lessons load) and the presenter. */
function lessonUrlState(): Pick<UrlState, 'lesson' | 'customLesson' | 'present'> {
  const l = lessonsStore.getState();
  const lesson = l.active ? { id: l.active.lesson.id, step: l.active.index + 1 } : l.pending;
  const customLesson = l.active?.source === 'file' ? l.active.lesson : undefined;
  const p = presenterStore.getState();
  return {
    ...(lesson ? { lesson } : {}),
    ...(customLesson ? { customLesson } : {}),
    ...(p.large || p.hidden.length > 0 ? { present: p } : {}),
  };
}

const supernetField = (): { supernet?: string } => {
  const sn = linkSupernet();
  return sn === undefined ? {} : { supernet: sn };
};

/** The model the page shows (or the one its link named, while the file is not open). */
const modelField = (): { model?: string } => {
  const { model, linkedModel } = appStore.getState();
  const tag = model ? modelTag(model) : linkedModel;
  return tag ? { model: encodeModelTag(tag) } : {};
};

export function currentUrlState(): UrlState {
  const a = appStore.getState();
  return {
    space: a.spaceId,
    system: a.systemId,
    hwOverrides: a.hwOverrides,
    genome: a.genome,
    layerSchema: a.layerSchema,
    train: trainingStore.getState().config,
    search: searchStore.getState().settings,
    selectedLayer: a.selectedLayer,
    hiddenPanels: a.hiddenPanels,
    ...lessonUrlState(),
    ...supernetField(),
    ...modelField(),
    ...(a.calibration ? { calibration: a.calibration } : {}),
    ...paperField(),
  };
}

const paperField = (): { paper?: NonNullable<UrlState['paper']> } => {
  const settings = paperStore.getState().settings;
  return settings ? { paper: settings } : {};
};

/** The link's calibration; the page's own fit (its residuals) stays when the factors are the same. */
function calibrationState(cal: UrlState['calibration']): Pick<AppState, 'calibration' | 'calibrationFit'> {
  const { calibration, calibrationFit } = appStore.getState();
  if (!cal) return { calibration: null, calibrationFit: null };
  const same = calibration !== null && calibrationToLink(calibration) === calibrationToLink(cal);
  return same ? { calibration, calibrationFit } : { calibration: cal, calibrationFit: null };
}

/** The link's model: the page's own when it is the same file, else noted as the file to open. */
function linkedModelState(tagText: string | undefined): { model: LoadedModel | null; linkedModel: ModelTag | null } {
  const tag = tagText === undefined ? null : decodeModelTag(tagText);
  const held = appStore.getState().model;
  if (tag === null) return { model: null, linkedModel: null };
  return held && sameTag(modelTag(held), tag) ? { model: held, linkedModel: tag } : { model: null, linkedModel: tag };
}

/** What a link asks of the lessons: `lessonPlay.ts` registers itself here (it imports this module). */
type LessonLinkHandler = (state: UrlState, inputsInLink: boolean) => void;
let onLessonLink: LessonLinkHandler = () => undefined;
export function handleLessonLinks(handler: LessonLinkHandler): void {
  onLessonLink = handler;
}

/**
 * Applies a hash to the stores; fields that fail keep their defaults and are listed. Only a link the
 * page opens (`withLesson`) starts a lesson and sets the presenter; a run record's link or a lesson
 * step's state changes the inputs alone.
 */
export function applyHash(hash: string, defaults: UrlState, withLesson = false): readonly string[] {
  const { state, errors } = fromHash(hash, defaults);
  appStore.setState({
    spaceId: state.space,
    systemId: state.system,
    hwOverrides: state.hwOverrides,
    genome: state.genome,
    layerSchema: state.layerSchema,
    randomSeed: null,
    selectedLayer: state.selectedLayer,
    hiddenPanels: state.hiddenPanels,
    ...linkedModelState(state.model),
    ...calibrationState(state.calibration),
  });
  trainingStore.setState({ config: state.train });
  searchStore.setState({ settings: state.search });
  paperStore.setState({ settings: state.paper ?? null });
  setUrlNotices(errors);
  if (withLesson) {
    noteLinkedSupernet(state.supernet);
    setPresenter(state.present ?? NO_PRESENTER);
    onLessonLink(state, readLink(hash).fields.has('g'));
  }
  return errors;
}

let pageDefaults: UrlState | null = null;

/** Applies a link's hash (a run record's, say) over the page's defaults; returns the fields not applied. */
export function applyLinkHash(hash: string): readonly string[] {
  return applyHash(hash, pageDefaults ?? currentUrlState());
}

/** The part of `window` the sync uses (the module type-checks without the DOM: lessonPlay's Node tests import it). */
interface UrlWindow {
  readonly location: { readonly hash: string };
  readonly history: { replaceState(data: null, unused: string, url: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
}

/**
 * Reads the page's hash, then mirrors every input change into it. Returns whether the opened link
 * changed anything from the defaults (a shared link, not a reload of a fresh page).
 */
export function startUrlSync(win: UrlWindow = globalThis as unknown as UrlWindow): boolean {
  const defaults = currentUrlState();
  pageDefaults = defaults;
  if (win.location.hash.length > 1) applyHash(win.location.hash, defaults, true);
  const linked = toHash(currentUrlState()) !== toHash(defaults) || appStore.getState().urlNotices.length > 0;
  let written = '';
  const write = (): void => {
    const hash = toHash(currentUrlState());
    if (hash === written) return;
    written = hash;
    win.history.replaceState(null, '', `#${hash}`);
  };
  write();
  appStore.subscribe(write);
  lessonsStore.subscribe((s, prev) => {
    if (s.active !== prev.active || s.pending !== prev.pending) write();
  });
  presenterStore.subscribe(write);
  followPageSupernet(write);
  trainingStore.subscribe((s, prev) => {
    if (s.config !== prev.config) write();
  });
  searchStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings) write();
  });
  paperStore.subscribe((s, prev) => {
    if (s.settings !== prev.settings) write();
  });
  win.addEventListener('hashchange', () => {
    if (win.location.hash.slice(1) === written) return;
    applyHash(win.location.hash, defaults, true);
    write();
  });
  return linked;
}
