/**
 * One door for a model file, whoever opens it (the CLI's `--model`, the page's "Your model"): the
 * bytes are told apart by content — a `.tflite` by its "TFL3" identifier, an `.onnx` by its name or a
 * protobuf starting with ir_version, else a JSON model description (SPEC §3.1) — and read within the
 * size limits. Every failure is an Error whose message names the file and what is wrong.
 */
import { shorten, validateModel, type ModelDescription } from '../core/index.js';
import { importOnnx, looksLikeOnnx } from './onnx.js';
import { importTflite, isTflite } from './tflite.js';
import { MODEL_FILE_LIMITS } from './limits.js';
import type { ImportedNetwork } from './graph.js';

export { MODEL_FILE_LIMITS };

/** A read model: a description (expanded on the system's byte widths) or an imported network. */
export type ModelRead =
  { readonly kind: 'description'; readonly model: ModelDescription } | { readonly kind: 'file'; readonly network: ImportedNetwork };

const MiB = (n: number): string => `${n / 2 ** 20} MiB`;

/** Which network format the bytes are, or null (then they may be a JSON description). */
export function networkFormat(bytes: Uint8Array, fileName: string): 'tflite' | 'onnx' | null {
  if (isTflite(bytes)) return 'tflite';
  return /\.onnx$/i.test(fileName) || looksLikeOnnx(bytes) ? 'onnx' : null;
}

/** Reads a model file's bytes; `fileName` (without folders) names it in messages and where the file has no name. */
export function readModelBytes(bytes: Uint8Array, fileName: string): ModelRead {
  const shown = `"${shorten(fileName, 60)}"`;
  if (bytes.length > MODEL_FILE_LIMITS.network)
    throw new Error(`${shown}: ${bytes.length.toLocaleString('en-US')} bytes, at most ${MiB(MODEL_FILE_LIMITS.network)}`);
  if (networkFormat(bytes, fileName) !== null) {
    const network = isTflite(bytes)
      ? importTflite(bytes, fileName.replace(/\.tflite$/i, ''))
      : importOnnx(bytes, fileName.replace(/\.onnx$/i, ''));
    if (network.layers.length === 0) {
      const named = network.unsupported
        .map((u) => `${u.op} (node "${shorten(u.node, 60)}")`)
        .slice(0, 5)
        .join(', ');
      throw new Error(`${shown} has no operator with a cost${named ? `; not supported: ${named}` : ''}`);
    }
    return { kind: 'file', network };
  }
  if (bytes.length > MODEL_FILE_LIMITS.json)
    throw new Error(`${shown} is neither a .tflite or .onnx file nor a JSON description within ${MiB(MODEL_FILE_LIMITS.json)}`);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (text.trimStart()[0] !== '{') throw new Error(`${shown} is neither a model description (JSON) nor a .tflite or .onnx file`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${shown}: not valid JSON (${(e as Error).message.slice(0, 120)})`);
  }
  const r = validateModel(json);
  if (!r.ok) throw new Error(`${shown}: ${r.errors.slice(0, 5).join('; ')}`);
  return { kind: 'description', model: r.value };
}
