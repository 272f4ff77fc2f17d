/**
 * The schema of a model description (SPEC §3.1; v2 adds rectangular windows, groups, matmul,
 * concat…): the `ModelOp` and `ModelDescription` types and the zod schema that checks untrusted
 * input against them, with messages that name the field and the allowed range.
 */
import { z } from '../zod.js';
import { preview } from './genome.js';

/** A whole number in [1, max], with messages that say so. */
const whole = (max: number) =>
  z
    .number({
      error: (iss) =>
        iss.input === undefined ? `required (a whole number 1–${max})` : `must be a whole number 1–${max}, got ${preview(iss.input)}`,
    })
    .int({ error: `must be a whole number 1–${max}` })
    .min(1, { error: `must be a whole number 1–${max}` })
    .max(max, { error: `must be a whole number 1–${max}` });
/** channel counts up to 65,536: wider than any real layer, small enough to keep totals meaningful */
const ch = whole(65536);
/** Unknown field names for a message: quoted, each cut to 40 characters, at most three named. */
const fieldNames = (keys: readonly string[] | undefined): string => {
  const ks = keys ?? [];
  const shown = ks
    .slice(0, 3)
    .map((k) => `"${preview(k).replace(/^"|"$/g, '')}"`)
    .join(', ');
  return ks.length > 3 ? `${shown} and ${ks.length - 3} more` : shown;
};
/** Names an unknown field of an op and the fields that op takes. */
const opError = (op: string) => ({
  error: (iss: { code?: string; keys?: string[] }) =>
    iss.code === 'unrecognized_keys' ? `unknown field ${fieldNames(iss.keys)} for op "${op}"` : undefined,
});
/** Kernel and stride sides: up to 64 (a ViT patch embedding is 16×16 with stride 16). */
const side = whole(64);
const windowFields = {
  k: side.optional(),
  kh: side.optional(),
  kw: side.optional(),
  s: side.optional(),
  sh: side.optional(),
  sw: side.optional(),
  padding: z.enum(['same', 'valid'], { error: 'must be "same" or "valid"' }).optional(),
};

/** One op of a model description (SPEC §3.1; v2 adds rectangular windows, groups, matmul, concat…). */
export type ModelOp =
  | ({ op: 'conv'; c: number; groups?: number | undefined } & WindowFields)
  | ({ op: 'dw' } & WindowFields)
  | { op: 'pw'; c: number }
  | { op: 'tokens'; extra?: number | undefined }
  | { op: 'linear'; c: number }
  | { op: 'attention'; heads: number }
  | { op: 'matmul'; c: number; heads?: number | undefined }
  | { op: 'softmax' }
  | { op: 'norm' }
  | { op: 'add' }
  | { op: 'act' }
  | ({ op: 'pool' } & WindowFields)
  | { op: 'fc'; c: number }
  | { op: 'reshape'; to: [number, number, number] }
  | { op: 'pad'; top?: number | undefined; bottom?: number | undefined; left?: number | undefined; right?: number | undefined }
  | { op: 'concat'; branches: ModelOp[][] };

/** The window fields of conv, dw and pool: k or kh/kw, s or sh/sw, padding. */
export interface WindowFields {
  k?: number | undefined;
  kh?: number | undefined;
  kw?: number | undefined;
  s?: number | undefined;
  sh?: number | undefined;
  sw?: number | undefined;
  padding?: 'same' | 'valid' | undefined;
}

const OP_NAMES = 'conv, dw, pw, tokens, linear, attention, matmul, softmax, norm, add, act, pool, fc, reshape, pad, concat';
const padSide = z
  .number({ error: 'must be a whole number 0–1024' })
  .int({ error: 'must be a whole number 0–1024' })
  .min(0, { error: 'must be a whole number 0–1024' })
  .max(1024, { error: 'must be a whole number 0–1024' });

const opSchema: z.ZodType<ModelOp> = z.lazy(() =>
  z.discriminatedUnion(
    'op',
    [
      z.object({ op: z.literal('conv'), ...windowFields, c: ch, groups: ch.optional() }, opError('conv')).strict(),
      z.object({ op: z.literal('dw'), ...windowFields }, opError('dw')).strict(),
      z.object({ op: z.literal('pw'), c: ch }, opError('pw')).strict(),
      z.object({ op: z.literal('tokens'), extra: padSide.optional() }, opError('tokens')).strict(),
      z.object({ op: z.literal('linear'), c: ch }, opError('linear')).strict(),
      z.object({ op: z.literal('attention'), heads: whole(4096) }, opError('attention')).strict(),
      z.object({ op: z.literal('matmul'), c: ch, heads: whole(4096).optional() }, opError('matmul')).strict(),
      z.object({ op: z.literal('softmax') }, opError('softmax')).strict(),
      z.object({ op: z.literal('norm') }, opError('norm')).strict(),
      z.object({ op: z.literal('add') }, opError('add')).strict(),
      z.object({ op: z.literal('act') }, opError('act')).strict(),
      z.object({ op: z.literal('pool'), ...windowFields }, opError('pool')).strict(),
      z.object({ op: z.literal('fc'), c: ch }, opError('fc')).strict(),
      z
        .object(
          { op: z.literal('reshape'), to: z.tuple([whole(1 << 20), whole(1 << 20), ch], { error: 'must be [height, width, channels]' }) },
          opError('reshape'),
        )
        .strict(),
      z
        .object(
          {
            op: z.literal('pad'),
            top: padSide.optional(),
            bottom: padSide.optional(),
            left: padSide.optional(),
            right: padSide.optional(),
          },
          opError('pad'),
        )
        .strict(),
      z
        .object(
          {
            op: z.literal('concat'),
            branches: z
              .array(z.array(opSchema, { error: 'each branch must be a list of ops' }).max(10000, { error: 'at most 10,000 ops' }), {
                error: 'required: a list of branches, each a list of ops ([] passes the input on)',
              })
              .min(2, { error: 'needs at least two branches' })
              .max(64, { error: 'at most 64 branches' }),
          },
          opError('concat'),
        )
        .strict(),
    ],
    { error: (iss) => (iss.code === 'invalid_union' ? `must be one of ${OP_NAMES}` : undefined) },
  ),
);

/** A whole model description; `validateModel` adds the checks that depend on the running feature map. */
export const modelSchema = z
  .object(
    {
      name: z.string({ error: 'required (a name)' }).min(1, { error: 'must not be empty' }).max(200, { error: 'at most 200 characters' }),
      input: z.tuple([whole(8192), whole(8192), whole(65536)], {
        error: (iss) =>
          iss.input === undefined ? 'required: [height, width, channels]' : 'must be [height, width, channels], e.g. [224, 224, 3]',
      }),
      layers: z
        .array(opSchema, { error: 'required: a list of ops such as {"op": "conv", "k": 3, "s": 2, "c": 32}' })
        .min(1, { error: 'must hold at least one op' })
        .max(10000, { error: 'at most 10,000 ops' }),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `unknown field ${fieldNames(iss.keys)} (allowed: name, input, layers)`
          : 'must be an object { "name", "input", "layers" }',
    },
  )
  .strict();

/** A user's own network (SPEC §3.1): a public interface, keep it stable (v1 files stay valid). */
export type ModelDescription = { name: string; input: [number, number, number]; layers: ModelOp[] };
