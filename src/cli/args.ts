import { existsSync } from 'node:fs';
import {
  getSpace,
  getSystem,
  hasSpace,
  hasSystem,
  parseAccuracyTable,
  shorten,
  validateGenome,
  SCHEMA_IDS,
  SPACES,
  SYSTEMS,
  validateModel,
  validateSystem,
  trimSpace,
  zodMessages,
  type AccuracyTable,
  type Genome,
  type ModelDescription,
  type SchemaId,
  type SearchSpace,
  type System,
} from '../core/index.js';
import { fixedFieldProblem, sameChoices, spaceFileShape } from './spaceFileShape.js';

import { UsageError } from './usage.js';
import { readInputBytes, readInputText, FILE_LIMITS, type FileInput } from './files.js';
import type { ImportedNetwork } from '../import/graph.js';
import { MODEL_FILE_LIMITS, networkFormat, readModelBytes } from '../import/read.js';

export { UsageError };

const fail = (msg: string): never => {
  throw new UsageError(msg);
};

/**
 * Reads a flag's value as JSON text or, when it is not JSON, as a path to a JSON file (within the
 * flag's size limit; a byte-order mark is dropped).
 */
export function jsonArg(field: FileInput, value: string): unknown {
  const inline = value.replace(/^\uFEFF/, '');
  const text = inline.trim().startsWith('{') || inline.trim().startsWith('[') ? inline : readJsonFile(field, value);
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`${field}: not valid JSON (${(e as Error).message.slice(0, 200)})`);
  }
}

function readJsonFile(field: FileInput, path: string): string {
  if (!existsSync(path)) fail(`${field}: "${shorten(path, 80)}" is neither JSON nor a readable file`);
  return readInputText(field, path);
}

/** `--table FILE`: a CSV or JSON table of measured accuracies for `space` (core/accuracy/accuracyTable.ts). */
export function tableArg(value: string | undefined, space: SearchSpace): AccuracyTable {
  if (value === undefined) return fail('--table: give the CSV or JSON file of measured accuracies (genome, accuracy)');
  const r = parseAccuracyTable(space, /^\s*[[{]/.test(value) ? value : readJsonFile('--table', value));
  if (!r.ok) return fail(r.errors.map((e) => `--table ${e}`).join('\n'));
  return r.value;
}

/** `--space`: a preset id. */
export function spaceArg(value: string | undefined, fallback = 'mini'): SearchSpace {
  const id = value ?? fallback;
  if (!hasSpace(id)) fail(`--space: unknown space "${shorten(id)}" (allowed: ${Object.keys(SPACES).join(', ')})`);
  return getSpace(id);
}

/**
 * `--space`: a preset id, or the JSON that `h4h space --json` prints (a file or inline) with some
 * choice lists trimmed: it becomes the preset restricted to those choices (`base`, or the id before
 * any `~`, names the preset). Anything else is refused with the field named.
 */
export function spaceFileArg(value: string | undefined, fallback = 'mini'): SearchSpace {
  const v = value ?? fallback;
  if (hasSpace(v)) return getSpace(v);
  if (!v.trim().startsWith('{') && !existsSync(v))
    fail(
      `--space: unknown space "${v.slice(0, 40)}" (allowed: ${Object.keys(SPACES).join(', ')}, or a JSON file from \`h4h space --json\`)`,
    );
  const parsed = spaceFileShape.safeParse(jsonArg('--space', v));
  if (!parsed.success)
    return fail(
      zodMessages(parsed.error)
        .map((m) => `--space ${m}`)
        .join('\n'),
    );
  const doc = parsed.data;
  const baseId = doc.base ?? (doc.id.split('~')[0] as string);
  if (!hasSpace(baseId)) fail(`--space base: unknown preset "${baseId.slice(0, 40)}" (allowed: ${Object.keys(SPACES).join(', ')})`);
  const base = getSpace(baseId);
  const fixed = fixedFieldProblem(doc, base);
  if (fixed) fail(`--space ${fixed}`);
  // only the lists that differ from the preset's are trims: the preset's own JSON gives the preset back
  const same = sameChoices;
  const pick = (a: number[] | undefined, b: readonly number[]): { list?: number[] } => (same(a, b) ? {} : { list: a as number[] });
  const stages: Record<string, { c?: number[]; d?: number[]; k?: number[]; e?: number[]; m?: number[]; hybrid?: false }> = {};
  let trimmed = false;
  for (const st of doc.stages ?? []) {
    const spec = base.stages.find((x) => x.name === st.name);
    if (!spec)
      fail(`--space stages: no stage "${st.name.slice(0, 20)}" in ${base.id} (stages: ${base.stages.map((x) => x.name).join(', ')})`);
    const t: Record<string, unknown> = {};
    for (const g of ['c', 'd', 'k', 'e', 'm'] as const) {
      const p = pick(st[g], (spec as NonNullable<typeof spec>)[g]);
      if (p.list) t[g] = p.list;
    }
    if (st.hybrid === false && spec?.hybrid) t.hybrid = false;
    if (Object.keys(t).length > 0) {
      stages[st.name] = t;
      trimmed = true;
    }
  }
  const r = pick(doc.r, base.r).list;
  const stem = pick(doc.stem, base.stem).list;
  // the head widths: a trim of a preset that has the gene; given to one without it, trimSpace names it
  const head = doc.head !== undefined && !base.head ? doc.head : pick(doc.head, base.head ?? []).list;
  if (!trimmed && !r && !stem && !head) return base;
  try {
    return trimSpace(base, { ...(r ? { r } : {}), ...(stem ? { stem } : {}), ...(head ? { head } : {}), stages });
  } catch (e) {
    return fail(`--space ${(e as Error).message.replace(/^trim /, '')}`);
  }
}

/** `--hw`: a preset id or a JSON file of parameters (`{ "base": "u55-mram", "cimMacros": 4 }`). */
export function hwArg(value: string | undefined): System {
  const v = value ?? 'u55-mram';
  if (hasSystem(v)) return getSystem(v);
  if (!v.trim().startsWith('{') && !existsSync(v))
    fail(`--hw: unknown system "${shorten(v)}" (allowed: ${Object.keys(SYSTEMS).join(', ')}, or a JSON file)`);
  const r = validateSystem(jsonArg('--hw', v));
  if (!r.ok) fail(r.errors.map((e) => `--hw ${e}`).join('\n'));
  return (r as { value: System }).value;
}

/** `--arch`: genome JSON or a file holding it, validated against the space. */
export function archArg(space: SearchSpace, value: string | undefined): Genome {
  if (value === undefined) return fail('--arch: required (a genome JSON or a file; see `h4h sample`)');
  const r = validateGenome(space, jsonArg('--arch', value));
  if (!r.ok) fail(r.errors.map((e) => `--arch ${e}`).join('\n'));
  return (r as { value: Genome }).value;
}

/** `--model`: a model-description file (README, "Your own model"). */
export function modelArg(value: string): ModelDescription {
  const r = validateModel(jsonArg('--model', value));
  if (!r.ok) fail(r.errors.map((e) => `--model ${e}`).join('\n'));
  return (r as { value: ModelDescription }).value;
}

/** What `--model` names: a JSON description (SPEC §3.1) or a network file (`.tflite`, `.onnx`). */
export type ModelSource = { kind: 'description'; model: ModelDescription } | { kind: 'file'; network: ImportedNetwork; file: string };

/**
 * `--model`: inline JSON, a JSON description file, a `.tflite` file (told apart by its identifier) or
 * an `.onnx` file (its name, or a protobuf starting with ir_version), each within its size limit: 16 MiB
 * of JSON, 64 MiB of a network file.
 */
export function modelSourceArg(value: string): ModelSource {
  const trimmed = value.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{') || !existsSync(value)) return { kind: 'description', model: modelArg(value) };
  const bytes = readInputBytes('--model', value, MODEL_FILE_LIMITS.network);
  const base = value.split(/[\\/]/).pop() ?? value;
  if (networkFormat(bytes, base) !== null) {
    try {
      const read = readModelBytes(bytes, base);
      if (read.kind === 'file') return { kind: 'file', network: read.network, file: base };
    } catch (e) {
      const message = (e as Error).message;
      // the importers' messages start with their format; the others with the file's name
      return fail(`--model${/^(tflite|onnx): /.test(message) ? ' ' : ': '}${message}`);
    }
  }
  if (bytes.length > FILE_LIMITS['--model'])
    fail(
      `--model: "${shorten(base, 60)}" is neither a .tflite or .onnx file nor a JSON description within ${FILE_LIMITS['--model'] / 2 ** 20} MiB`,
    );
  const first = new TextDecoder('utf-8')
    .decode(bytes.subarray(0, 64))
    .replace(/^\uFEFF/, '')
    .trimStart()[0];
  if (first !== '{') fail(`--model: "${shorten(base, 60)}" is neither a model description (JSON) nor a .tflite or .onnx file`);
  // read again by modelArg, whose messages name the field (`--model layers[0].c`)
  return { kind: 'description', model: modelArg(value) };
}

/** `--schema`: `all` or one or more schema ids separated by commas. */
export function schemaArg(value: string | undefined): SchemaId[] {
  if (value === undefined || value === 'all') return [...SCHEMA_IDS];
  const ids = value.split(',').map((s) => s.trim());
  for (const id of ids)
    if (!(SCHEMA_IDS as readonly string[]).includes(id))
      fail(`--schema: unknown schema "${shorten(id)}" (allowed: all, ${SCHEMA_IDS.join(', ')})`);
  return ids as SchemaId[];
}

/** An integer flag within a range. */
export function intArg(field: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) fail(`${field}: "${shorten(value)}" is not a whole number in ${min}–${max}`);
  return n;
}

/** One of a list of words. */
export function enumArg<T extends string>(field: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    fail(`${field}: "${shorten(value)}" is not allowed (allowed: ${allowed.join(', ')})`);
  return value as T;
}
