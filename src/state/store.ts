/**
 * The one app store (vanilla zustand) and its actions, as plain functions.
 * Inputs live here (the space, hardware, subnet, an opened model, a calibration and the view), with
 * what was read to make them (the model's layers, the calibration's fit); everything computed from
 * them (the estimate, the placement reasons, the baseline's estimate) is a selector.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import {
  createRng,
  defaultGenome,
  getSpace,
  getSystem,
  largestGenome,
  parseGenome,
  sampleGenome,
  SCHEMA_IDS,
  smallestGenome,
  validateGenome,
  validateSystem,
  type Genome,
  type HwKey,
  type SchemaId,
  type SearchSpace,
  type System,
  type Validated,
} from '../core';
import type { BackendInfo } from '../workers/protocol';
import { editGenome, type GenomeEdit } from './genomeEdit';
import { followSpace } from './training';
import type { LoadedModel, ModelTag } from './model';
import { calibrated, type Calibration } from '../core';
import type { CalibrationFit } from '../core/hardware/calibrationFit';

export type BackendStatus =
  | { readonly status: 'pending' }
  | { readonly status: 'ready'; readonly info: BackendInfo }
  | { readonly status: 'error'; readonly message: string };

import { PANEL_IDS, type PanelId } from './panels';

export { PANEL_IDS, type PanelId } from './panels';

export interface AppState {
  readonly spaceId: string;
  readonly systemId: string;
  /** the layer selected in the timeline (highlighted there and in the layer table), or null */
  readonly selectedLayer: number | null;
  /** hardware parameters edited on top of the preset `systemId` (each within its range) */
  readonly hwOverrides: Readonly<Partial<Record<HwKey, number>>>;
  readonly genome: Genome;
  readonly backend: BackendStatus;
  /** UI state, not a result input: whose placement and reasons the layer table shows */
  readonly layerSchema: SchemaId;
  /** seed of the last "random" subnet while it is the current genome (shown beside the button) */
  readonly randomSeed: number | null;
  /** panels folded away (their contents are not rendered, so not computed) */
  readonly hiddenPanels: readonly PanelId[];
  /** fields of the opened link that were not applied, and why */
  readonly urlNotices: readonly string[];
  /**
   * The subnet and hardware pinned for comparison, or null. Not written to the link: a link
   * reproduces one configuration, and the baseline is a working aid of this visit.
   */
  readonly baseline: Baseline | null;
  /**
   * "Your model": a network file the user opened, estimated in place of the space's subnet (the
   * totals, timeline, layer table and sweep), or null. Opening a subnet (a preset, a search result,
   * an edit, another space) closes it.
   */
  readonly model: LoadedModel | null;
  /** the model file a link named (`model=`) while the page does not hold that file, or null */
  readonly linkedModel: ModelTag | null;
  /**
   * Correction factors per layer kind and unit fitted to measurements (calibration.ts), applied to
   * every estimate of the page (the system's params carry them), or null. In the link (`cal=`).
   */
  readonly calibration: Calibration | null;
  /** the fit behind `calibration` when it was made on this page (its rows' residuals), else null */
  readonly calibrationFit: (CalibrationFit & { readonly file: string }) | null;
}

/** What "Pin as baseline" keeps: enough to estimate it again (space, genome, preset and its edits). */
export interface Baseline {
  readonly spaceId: string;
  readonly genome: Genome;
  readonly systemId: string;
  readonly hwOverrides: Readonly<Partial<Record<HwKey, number>>>;
  /** the model shown instead of the subnet when pinned, if any */
  readonly model?: LoadedModel;
  readonly calibration?: Calibration | null;
}

export const DEFAULT_SPACE = 'mini';
export const DEFAULT_SYSTEM = 'u55-mram';
/**
 * The "random" button draws with seeds 1, 2, 3, … in turn, so the n-th click gives the genome that
 * `h4h sample --seed n --count 1` prints: a student can reproduce it from the command line.
 */
let randomDraws = 0;

export function initialState(): AppState {
  return {
    spaceId: DEFAULT_SPACE,
    systemId: DEFAULT_SYSTEM,
    hwOverrides: {},
    selectedLayer: null,
    genome: defaultGenome(getSpace(DEFAULT_SPACE)),
    backend: { status: 'pending' },
    layerSchema: 'hetero',
    randomSeed: null,
    hiddenPanels: [],
    urlNotices: [],
    baseline: null,
    model: null,
    linkedModel: null,
    calibration: null,
    calibrationFit: null,
  };
}

export const appStore = createStore<AppState>()(initialState);

/** React hook over the store with a narrow selector. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}

const currentSpace = (): SearchSpace => getSpace(appStore.getState().spaceId);

// ── actions ───────────────────────────────────────────────────────────────────────────────────

/** Switches the search space; the genome becomes that space's default. */
export function setSpace(spaceId: string): void {
  if (spaceId === appStore.getState().spaceId) return;
  appStore.setState({
    spaceId,
    genome: defaultGenome(getSpace(spaceId)),
    randomSeed: null,
    selectedLayer: null,
    model: null,
    linkedModel: null,
  });
  followSpace(spaceId);
}

/** Picks a preset; edits of the previous one are dropped. */
export function setSystem(systemId: string): void {
  appStore.setState({ systemId, hwOverrides: {} });
}

/**
 * Edits one hardware parameter of the current system. A value outside its range (or one that breaks
 * a rule between parameters, like U ≤ M) is refused with messages naming the field; nothing changes.
 * Setting a parameter back to the preset's value removes the edit.
 */
export function setHwParam(key: HwKey, value: number): readonly string[] {
  const { systemId, hwOverrides } = appStore.getState();
  const preset = getSystem(systemId).params[key];
  const next: Partial<Record<HwKey, number>> = { ...hwOverrides, [key]: value };
  if (value === preset) delete next[key];
  const r = validateSystem({ base: systemId, ...next });
  if (!r.ok) return r.errors.map((e) => `hw.${e}`);
  appStore.setState({ hwOverrides: next });
  return [];
}

/** Sets every edit at once (a co-search subnet's hardware), over preset `systemId`; refused like one edit. */
export function setHwOverrides(overrides: Partial<Record<HwKey, number>>, systemId = appStore.getState().systemId): readonly string[] {
  const base = getSystem(systemId).params;
  const next = Object.fromEntries(Object.entries(overrides).filter(([k, v]) => base[k as HwKey] !== v)) as Partial<Record<HwKey, number>>;
  const r = validateSystem({ base: systemId, ...next });
  if (!r.ok) return r.errors.map((e) => `hw.${e}`);
  appStore.setState({ systemId, hwOverrides: next });
  return [];
}

/** Back to the preset's values. */
export function resetHw(): void {
  appStore.setState({ hwOverrides: {} });
}

let lastSystem: { systemId: string; overrides: AppState['hwOverrides']; calibration: Calibration | null; system: System } | null = null;

/**
 * The system the page estimates on: the preset with the user's edits (provenance `assumed`, "edited"),
 * and the calibration's factors in its params (so the estimate, timeline, sweep and search all apply
 * them) and its label.
 */
export function currentSystem(
  state: Pick<AppState, 'systemId' | 'hwOverrides'> & { readonly calibration?: Calibration | null } = appStore.getState(),
): System {
  const calibration = state.calibration ?? null;
  if (lastSystem?.systemId === state.systemId && lastSystem.overrides === state.hwOverrides && lastSystem.calibration === calibration)
    return lastSystem.system;
  const base = getSystem(state.systemId);
  const r = Object.keys(state.hwOverrides).length === 0 ? null : validateSystem({ base: state.systemId, ...state.hwOverrides });
  const edited = r?.ok ? r.value : base;
  const system = calibration ? { ...edited, label: `${edited.label}, calibrated`, params: calibrated(edited.params, calibration) } : edited;
  lastSystem = { systemId: state.systemId, overrides: state.hwOverrides, calibration, system };
  return system;
}

export type GenomePreset = 'default' | 'smallest' | 'largest' | 'random';

export function applyPreset(preset: GenomePreset): void {
  const space = currentSpace();
  const genome =
    preset === 'default'
      ? defaultGenome(space)
      : preset === 'smallest'
        ? smallestGenome(space)
        : preset === 'largest'
          ? largestGenome(space)
          : sampleGenome(space, createRng(++randomDraws));
  appStore.setState({ genome, randomSeed: preset === 'random' ? randomDraws : null, selectedLayer: null, model: null, linkedModel: null });
}

export type ApplyResult = { readonly ok: true } | { readonly ok: false; readonly errors: readonly string[] };

/** The one door for user-made genomes: a valid one replaces the current genome, else nothing changes. */
function commitGenome(result: Validated<Genome>): ApplyResult {
  if (!result.ok) return { ok: false, errors: result.errors };
  appStore.setState({ genome: result.value, randomSeed: null, selectedLayer: null, model: null, linkedModel: null });
  return { ok: true };
}

/**
 * Parses and validates genome JSON typed by the user. On any error the current genome stays and
 * the errors (each naming its field) are returned for display.
 */
export function applyGenomeJson(text: string): ApplyResult {
  return commitGenome(parseGenome(currentSpace(), text));
}

/** Validates a genome object (e.g. built by the genome form) against the current space and applies it. */
export function applyGenome(input: unknown): ApplyResult {
  return commitGenome(validateGenome(currentSpace(), input));
}

/** One gene change from the genome form, validated like typed JSON. */
export function editGene(edit: GenomeEdit): ApplyResult {
  return applyGenome(editGenome(appStore.getState().genome, edit));
}

/** Selects a layer of the current subnet (timeline click), or none. */
export function selectLayer(layer: number | null): void {
  appStore.setState({ selectedLayer: layer });
}

/** Which schema's placement the layer table shows; unknown ids are ignored. */
export function setLayerSchema(schema: string): void {
  const id = SCHEMA_IDS.find((s) => s === schema);
  if (id) appStore.setState({ layerSchema: id });
}

/** Folds a panel away or opens it again. */
export function togglePanel(id: PanelId, open?: boolean): void {
  const hidden = appStore.getState().hiddenPanels;
  const show = open ?? hidden.includes(id);
  appStore.setState({ hiddenPanels: PANEL_IDS.filter((p) => (p === id ? !show : hidden.includes(p))) });
}

/** Pins the page's current subnet and hardware as the baseline the tables and timeline compare with. */
export function pinBaseline(): void {
  const { spaceId, genome, systemId, hwOverrides, model, calibration } = appStore.getState();
  appStore.setState({ baseline: { spaceId, genome, systemId, hwOverrides, ...(model ? { model } : {}), calibration } });
}

export function clearBaseline(): void {
  appStore.setState({ baseline: null });
}

export function setUrlNotices(urlNotices: readonly string[]): void {
  appStore.setState({ urlNotices });
}

export function setBackend(backend: BackendStatus): void {
  appStore.setState({ backend });
}

/** Back to the initial inputs (backend status kept); for tests. */
export function resetInputs(): void {
  const { backend } = appStore.getState();
  randomDraws = 0;
  appStore.setState({ ...initialState(), backend });
}
