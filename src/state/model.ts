/**
 * "Your model": a network file the user opened (a .tflite, an .onnx or a JSON model description)
 * replaces the space's subnet as what the page estimates — the totals, the timeline, the layer table,
 * the sweep. The file itself never travels in a link (it may be megabytes, and private): the link's
 * `model=` names it — format, the first 8 hex digits of its SHA-256, its name — so whoever opens the
 * link is told which file to open to see the same numbers, and whether the one they open is it.
 */
import { expandModel, type HwParams, type Layer, type ModelDescription } from '../core';
import type { ImportedNetwork } from '../import/graph';
import type { ModelRead } from '../import/read';
import type { ModelFileReply } from '../workers/modelRead';
import { appStore } from './store';

export type ModelFormat = 'tflite' | 'onnx' | 'json';

/** A model the page opened: the file's identity and what was read from it. */
export interface LoadedModel {
  /** the file's name as the user's system gave it */
  readonly file: string;
  readonly format: ModelFormat;
  /** SHA-256 of the file's bytes, hex */
  readonly sha256: string;
  readonly size: number;
  readonly read: ModelRead;
}

/** What a link says of the model a page showed: enough to recognise the file, not the file. */
export interface ModelTag {
  readonly format: ModelFormat;
  /** the first 8 hex digits of the file's SHA-256 */
  readonly sha8: string;
  /** the file's name, with characters other than letters, digits, `.`, `-`, `_` as `_` (≤ 60) */
  readonly file: string;
}

/** `model=<format>.<sha8>.<file>` */
export const MODEL_TAG = /^(tflite|onnx|json)\.([0-9a-f]{8})\.([A-Za-z0-9._-]{1,60})$/;

export const safeFileName = (file: string): string => file.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60) || 'model';

export function modelTag(m: LoadedModel): ModelTag {
  return { format: m.format, sha8: m.sha256.slice(0, 8), file: safeFileName(m.file) };
}

export const encodeModelTag = (t: ModelTag): string => `${t.format}.${t.sha8}.${t.file}`;

export function decodeModelTag(text: string): ModelTag | null {
  const m = MODEL_TAG.exec(text);
  return m ? { format: m[1] as ModelFormat, sha8: m[2] as string, file: m[3] as string } : null;
}

export const sameTag = (a: ModelTag | null, b: ModelTag | null): boolean =>
  a !== null && b !== null && a.format === b.format && a.sha8 === b.sha8;

/**
 * The model's display name: a description's own name; a network file's name without its extension
 * (converters name the graph itself "main", "torch_jit" or nothing, which says little).
 */
export const modelName = (m: LoadedModel): string =>
  (m.read.kind === 'description' && m.read.model.name) || m.file.replace(/\.(tflite|onnx|json)$/i, '') || m.file;

export const modelNetwork = (m: LoadedModel): ImportedNetwork | null => (m.read.kind === 'file' ? m.read.network : null);
export const modelDescription = (m: LoadedModel): ModelDescription | null => (m.read.kind === 'description' ? m.read.model : null);

const expanded = new WeakMap<ModelDescription, Map<string, Layer[]>>();

/**
 * The model's layers on a system: a description expands on the system's byte widths (as
 * `h4h estimate --model x.json --hw …` does); an imported network keeps the widths its tensor types
 * give. Memoised per description and byte widths, so the sweep's grid expands it once.
 */
export function modelLayers(m: LoadedModel, hw: Pick<HwParams, 'bytesPerWeight' | 'bytesPerAct'>): readonly Layer[] {
  if (m.read.kind === 'file') return m.read.network.layers;
  const model = m.read.model;
  const key = `${hw.bytesPerWeight}/${hw.bytesPerAct}`;
  let byWidth = expanded.get(model);
  if (!byWidth) expanded.set(model, (byWidth = new Map()));
  let layers = byWidth.get(key);
  if (!layers) byWidth.set(key, (layers = expandModel(model, { weight: hw.bytesPerWeight, act: hw.bytesPerAct })));
  return layers;
}

// ── actions ───────────────────────────────────────────────────────────────────────────────────

export type OpenResult = { readonly ok: true; readonly model: LoadedModel } | { readonly ok: false; readonly error: string };

const formatOf = (read: ModelRead): ModelFormat => (read.kind === 'file' ? read.network.format : 'json');

/** Reads a file's bytes: the model worker's client on the page (`workers/modelClient`), `workers/modelRead` in-process in tests. */
export type ModelReader = (bytes: Uint8Array, fileName: string) => Promise<ModelFileReply>;

/**
 * Reads a file the user dropped or picked and, when it reads, shows it in place of the subnet. A
 * file that does not read changes nothing: the message names the file and the fault.
 */
export async function openModelFile(file: { readonly name: string; readonly bytes: Uint8Array }, read: ModelReader): Promise<OpenResult> {
  const size = file.bytes.length;
  const reply = await read(file.bytes, file.name);
  if (!reply.ok) return { ok: false, error: reply.error };
  const model: LoadedModel = { file: file.name, format: formatOf(reply.read), sha256: reply.digest, size, read: reply.read };
  showModel(model);
  return { ok: true, model };
}

/**
 * Shows a read model in place of the subnet. The file a link named stays noted, so the page can say
 * whether this is it; when it is, the link's selected layer stays selected.
 */
export function showModel(model: LoadedModel): void {
  const { linkedModel, selectedLayer } = appStore.getState();
  const keep =
    sameTag(linkedModel, modelTag(model)) &&
    selectedLayer !== null &&
    selectedLayer < modelLayers(model, { bytesPerWeight: 1, bytesPerAct: 1 }).length;
  appStore.setState({ model, selectedLayer: keep ? selectedLayer : null });
}

/** Back to the space's subnet. */
export function closeModel(): void {
  appStore.setState({ model: null, linkedModel: null, selectedLayer: null });
}
