import { existsSync, readFileSync } from 'node:fs';
import {
  getSpace, getSystem, hasSpace, hasSystem, validateGenome, SCHEMA_IDS, SPACES, SYSTEMS, validateModel, validateSystem,
  type Genome, type ModelDescription, type SchemaId, type SearchSpace, type System,
} from '../core/index.js';

/** A usage error: printed on stderr as it is, exit status 2. */
export class UsageError extends Error {}

const fail = (msg: string): never => {
  throw new UsageError(msg);
};

/** Reads a flag's value as JSON text or, when it is not JSON, as a path to a JSON file. */
export function jsonArg(field: string, value: string): unknown {
  const text = value.trim().startsWith('{') || value.trim().startsWith('[') ? value : readJsonFile(field, value);
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`${field}: not valid JSON (${(e as Error).message})`);
  }
}

function readJsonFile(field: string, path: string): string {
  if (!existsSync(path)) fail(`${field}: "${path}" is neither JSON nor a readable file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return fail(`${field}: cannot read "${path}" (${(e as Error).message})`);
  }
}

/** `--space`: a preset id. */
export function spaceArg(value: string | undefined, fallback = 'mini'): SearchSpace {
  const id = value ?? fallback;
  if (!hasSpace(id)) fail(`--space: unknown space "${id}" (allowed: ${Object.keys(SPACES).join(', ')})`);
  return getSpace(id);
}

/** `--hw`: a preset id or a JSON file of parameters (`{ "base": "u55-mram", "cimMacros": 4 }`). */
export function hwArg(value: string | undefined): System {
  const v = value ?? 'u55-mram';
  if (hasSystem(v)) return getSystem(v);
  if (!v.trim().startsWith('{') && !existsSync(v)) fail(`--hw: unknown system "${v}" (allowed: ${Object.keys(SYSTEMS).join(', ')}, or a JSON file)`);
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

/** `--schema`: `all` or one or more schema ids separated by commas. */
export function schemaArg(value: string | undefined): SchemaId[] {
  if (value === undefined || value === 'all') return [...SCHEMA_IDS];
  const ids = value.split(',').map((s) => s.trim());
  for (const id of ids) if (!(SCHEMA_IDS as readonly string[]).includes(id)) fail(`--schema: unknown schema "${id}" (allowed: all, ${SCHEMA_IDS.join(', ')})`);
  return ids as SchemaId[];
}

/** An integer flag within a range. */
export function intArg(field: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) fail(`${field}: "${value}" is not a whole number in ${min}–${max}`);
  return n;
}

/** One of a list of words. */
export function enumArg<T extends string>(field: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) fail(`${field}: "${value}" is not allowed (allowed: ${allowed.join(', ')})`);
  return value as T;
}
