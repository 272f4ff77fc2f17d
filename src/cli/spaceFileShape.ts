/**
 * The shape of a space file (`--space FILE`): the JSON that `h4h space --json` prints, with some
 * choice lists trimmed. Strict: a field it does not know (a misspelt `"kk"`) is refused by name, and
 * so is a field the preset fixes (`headConv`, `inputChannels`, a stage's `stride`, `hybrid: true` on
 * an MBConv-only stage) given with another value than the preset's — before, both were ignored.
 * What `space --json` reports about a space (`label`, `size`, `macs`, `smallest`, `largest`) is
 * recomputed from the trims, so it may be left in the file as it was.
 */
import { z } from 'zod';
import type { SearchSpace } from '../core/index.js';

const TRIMMED = ['r', 'stem', 'head', 'stages'] as const;
const FIXED = ['dataset', 'inputChannels', 'classes', 'headDim', 'headConv', 'blocks'] as const;
const REPORTED = ['label', 'size', 'macs', 'smallest', 'largest'] as const;
const STAGE_TRIMMED = ['c', 'd', 'k', 'e', 'm', 'hybrid'] as const;

/** The unknown keys, quoted, within about 80 characters (the whole message stays under 300): then "… (count)". */
function quoted(keys: readonly string[]): string {
  const shown: string[] = [];
  let length = 0;
  for (const k of keys) {
    const q = `"${k.length > 40 ? `${k.slice(0, 40)}…` : k}"`;
    if (shown.length > 0 && (shown.length >= 5 || length + q.length > 80)) break;
    shown.push(q);
    length += q.length + 2;
  }
  return shown.join(', ') + (shown.length < keys.length ? `, … (${keys.length})` : '');
}
/** zod's message for an unknown field, naming it and what is allowed there. */
const strictError =
  (allowed: string) =>
  (iss: { code?: string; keys?: string[] }): string | undefined =>
    iss.code === 'unrecognized_keys'
      ? `unknown field${(iss.keys?.length ?? 0) > 1 ? 's' : ''} ${quoted(iss.keys ?? [])} (allowed: ${allowed})`
      : undefined;

const intList = z.array(z.number().int(), { error: 'must be a list of whole numbers' });

export const spaceFileShape = z.strictObject(
  {
    id: z.string({ error: 'must be a space id' }),
    base: z.string().optional(),
    r: intList.optional(),
    stem: intList.optional(),
    /** head widths (`nasvit` only: a preset without the gene refuses it) */
    head: intList.optional(),
    stages: z
      .array(
        z.strictObject(
          {
            name: z.string({ error: 'must be a stage name' }),
            c: intList.optional(),
            d: intList.optional(),
            k: intList.optional(),
            e: intList.optional(),
            m: intList.optional(),
            hybrid: z.boolean({ error: 'must be true or false' }).optional(),
            stride: z.unknown().optional(),
            se: z.unknown().optional(),
          },
          { error: strictError(`name, ${STAGE_TRIMMED.join(', ')}, stride, se`) },
        ),
        { error: 'must be a list of stages' },
      )
      .optional(),
    ...Object.fromEntries([...FIXED, ...REPORTED].map((k) => [k, z.unknown().optional()])),
  },
  { error: strictError(`id, base, ${TRIMMED.join(', ')}; from \`h4h space --json\`: ${[...FIXED, ...REPORTED].join(', ')}`) },
);

export type SpaceFile = z.infer<typeof spaceFileShape>;

const shownValue = (x: unknown): string =>
  typeof x === 'number'
    ? String(x)
    : typeof x === 'string'
      ? `"${x.length > 40 ? `${x.slice(0, 40)}…` : x}"`
      : x === null
        ? 'null'
        : Array.isArray(x)
          ? `a list of ${x.length}`
          : typeof x;

/**
 * Why a space file changes what its preset fixes, or null: each fixed field, when given, must be the
 * preset's; `hybrid: true` only on a stage that has transformer blocks. Messages start with the field.
 */
export function fixedFieldProblem(doc: SpaceFile, base: SearchSpace): string | null {
  const only = `it is fixed by the preset (a space file trims r, stem, head and each stage's ${STAGE_TRIMMED.join(', ')})`;
  for (const k of FIXED) {
    const given = (doc as Record<string, unknown>)[k];
    if (given !== undefined && given !== base[k])
      return `${k}: ${shownValue(given)} differs from ${base.id}'s ${shownValue(base[k])}; ${only}`;
  }
  for (const [i, st] of (doc.stages ?? []).entries()) {
    const spec = base.stages.find((x) => x.name === st.name);
    if (!spec) continue; // named by the caller
    if (st.stride !== undefined && st.stride !== spec.stride)
      return `stages[${i}].stride: ${shownValue(st.stride)} differs from stage ${spec.name}'s ${spec.stride}; ${only}`;
    if (st.se !== undefined && st.se !== (spec.se ?? false))
      return `stages[${i}].se: ${shownValue(st.se)} differs from stage ${spec.name}'s ${String(spec.se ?? false)}; ${only}`;
    if (st.hybrid === true && !spec.hybrid)
      return `stages[${i}].hybrid: true, but stage ${spec.name} of ${base.id} has no transformer blocks; a file can only make a hybrid stage MBConv-only (false)`;
  }
  return null;
}

/** The same choices, in any order and with repeats: such a list is no trim (the preset's order is the id's). */
export const sameChoices = (a: readonly number[] | undefined, b: readonly number[]): boolean =>
  a === undefined || (a.every((x) => b.includes(x)) && b.every((x) => a.includes(x)));
