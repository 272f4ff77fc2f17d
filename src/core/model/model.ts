import { pushAll } from '../numbers.js';
import { z } from '../zod.js';
import { preview, zodMessages, type Validated } from './genome.js';
import {
  attention,
  convWindow,
  dwconvWindow,
  elementwise,
  INT8,
  linear,
  matmul,
  pool,
  poolWindow,
  pwconv,
  windowOut,
  type ByteWidths,
  type FeatureMap,
  type LayerSite,
  type Window,
} from './layers.js';
import type { Layer } from '../types.js';

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

interface WindowFields {
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

const modelSchema = z
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

/** At most this many ops in a description, branches included, and this deep a nesting of branches. */
export const MODEL_LIMITS = { ops: 10000, depth: 8 } as const;

/** Validates untrusted input as a model description; messages name the field (`layers[3].c`). */
export function validateModel(input: unknown): Validated<ModelDescription> {
  const r = modelSchema.safeParse(input);
  if (!r.success) return { ok: false, errors: zodMessages(r.error) };
  const model = r.data as ModelDescription;
  // shape checks that depend on the running feature map
  try {
    const size = countOps(model.layers, 'layers', 0);
    if (size > MODEL_LIMITS.ops)
      return {
        ok: false,
        errors: [`layers: ${size.toLocaleString('en-US')} ops with the branches', at most ${MODEL_LIMITS.ops.toLocaleString('en-US')}`],
      };
    if (expandModel(model).length === 0)
      return { ok: false, errors: ['layers: no layer with a cost (act, tokens, reshape and pad alone add none)'] };
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  return { ok: true, value: model };
}

function countOps(ops: readonly ModelOp[], path: string, depth: number): number {
  if (depth > MODEL_LIMITS.depth) throw new Error(`${path}: branches nested more than ${MODEL_LIMITS.depth} deep`);
  let n = 0;
  ops.forEach((op, i) => {
    n++;
    if (op.op === 'concat') op.branches.forEach((b, j) => (n += countOps(b, `${path}[${i}].branches[${j}]`, depth + 1)));
  });
  return n;
}

/** Whether a description has branches: they are costed one after another, as a chain (say so). */
export const hasBranches = (model: ModelDescription): boolean => model.layers.some((op) => op.op === 'concat');

/** What the estimate of a model with branches says about them. */
export const BRANCHES_NOTE = 'branches (concat) are costed one after another, as a chain: each runs alone, none overlaps another';

/** The window of a conv, dw or pool op: k or kh/kw, s or sh/sw (stride 1 when none is given), padding. */
function windowOf(op: WindowFields, path: string): Window {
  const kh = op.kh ?? op.k;
  const kw = op.kw ?? op.k;
  if (kh === undefined || kw === undefined) throw new Error(`${path}.k: required (a whole number 1–64), or both kh and kw`);
  return { kh, kw, sh: op.sh ?? op.s ?? 1, sw: op.sw ?? op.s ?? 1, padding: op.padding ?? 'same' };
}

/**
 * Expands a model description into the layer list. Activations (`act`) are folded into the layer
 * before them, like BatchNorm, so they add no layer; `reshape` and `pad` only change the feature map.
 * A `concat`'s branches are expanded one after another (a chain: the estimate runs them in sequence),
 * then a concat layer joins their outputs along the channels.
 */
export function expandModel(model: ModelDescription, bytes: ByteWidths = INT8): Layer[] {
  const [h0, w0, c0] = model.input;
  const layers: Layer[] = [];
  expandOps(model.layers, { h: h0, w: w0, c: c0 }, '', 'layers', bytes, layers);
  return layers;
}

function expandOps(ops: readonly ModelOp[], x0: FeatureMap, prefix: string, path: string, bytes: ByteWidths, layers: Layer[]): FeatureMap {
  let x = x0;
  ops.forEach((op, i) => {
    const at = `${path}[${i}]`;
    const site: LayerSite = { prefix: '', stage: 0, block: i, group: 'model' };
    const name = `${prefix}${i}.${op.op}`;
    const tokens = x.h * x.w;
    switch (op.op) {
      case 'conv': {
        const win = windowOf(op, at);
        const groups = op.groups ?? 1;
        if (x.c % groups !== 0 || op.c % groups !== 0)
          throw new Error(`${at}.groups: ${groups} must divide the input channels (${x.c}) and the output channels (${op.c})`);
        layers.push(convWindow(site, name, x, win, op.c, groups, bytes));
        x = outMap(x, win, op.c, at);
        break;
      }
      case 'dw': {
        const win = windowOf(op, at);
        layers.push(dwconvWindow(site, name, x, win, bytes));
        x = outMap(x, win, x.c, at);
        break;
      }
      case 'pw':
        layers.push(pwconv(site, name, x, op.c, bytes));
        x = { ...x, c: op.c };
        break;
      case 'linear':
        layers.push(linear(site, name, tokens, x.c, op.c, bytes));
        x = { ...x, c: op.c };
        break;
      case 'matmul': {
        const heads = op.heads ?? 1;
        if (x.c % heads !== 0) throw new Error(`${at}.heads: ${heads} does not divide the input width ${x.c}`);
        layers.push(matmul(site, name, tokens, x.c, op.c, heads, x, bytes));
        x = { ...x, c: heads * op.c };
        break;
      }
      case 'attention': {
        if (x.c % 3 !== 0) throw new Error(`${at}.op: attention needs Q, K, V concatenated (channels divisible by 3), got ${x.c}`);
        const d = x.c / 3;
        if (d % op.heads !== 0) throw new Error(`${at}.heads: ${op.heads} does not divide the width ${d}`);
        pushAll(layers, attention({ ...site, prefix: `${prefix}${i}.attention` }, x, tokens, d, op.heads, bytes));
        x = { ...x, c: d };
        break;
      }
      case 'softmax':
        layers.push(elementwise(site, name, 'softmax', x, tokens * x.c, tokens * x.c, bytes, tokens));
        break;
      case 'norm':
        layers.push(elementwise(site, name, 'norm', x, tokens * x.c, tokens * x.c, bytes, tokens));
        break;
      case 'add':
        layers.push(elementwise(site, name, 'eltwise', x, 2 * tokens * x.c, tokens * x.c, bytes));
        break;
      case 'pool':
        if (op.k === undefined && op.kh === undefined && op.kw === undefined) {
          layers.push(pool(site, name, x, bytes));
          x = { h: 1, w: 1, c: x.c };
        } else {
          const win = windowOf(op, at);
          const out = outMap(x, win, x.c, at);
          layers.push(poolWindow(site, name, x, out, win, bytes));
          x = out;
        }
        break;
      case 'fc':
        layers.push(linear(site, name, 1, x.h * x.w * x.c, op.c, bytes));
        x = { h: 1, w: 1, c: op.c };
        break;
      case 'tokens':
        if (op.extra) x = { h: x.h * x.w + op.extra, w: 1, c: x.c };
        break;
      case 'reshape': {
        const [h, w, c] = op.to;
        if (h * w * c !== x.h * x.w * x.c)
          throw new Error(
            `${at}.to: [${h}, ${w}, ${c}] holds ${(h * w * c).toLocaleString('en-US')} values, the input ${x.h}×${x.w}×${x.c} holds ${(x.h * x.w * x.c).toLocaleString('en-US')}`,
          );
        x = { h, w, c };
        break;
      }
      case 'pad':
        x = { h: x.h + (op.top ?? 0) + (op.bottom ?? 0), w: x.w + (op.left ?? 0) + (op.right ?? 0), c: x.c };
        break;
      case 'concat': {
        const outs = op.branches.map((b, j) => expandOps(b, x, `${prefix}${i}.b${j}.`, `${at}.branches[${j}]`, bytes, layers));
        const first = outs[0] as FeatureMap;
        const bad = outs.findIndex((o) => o.h !== first.h || o.w !== first.w);
        if (bad > 0)
          throw new Error(
            `${at}.branches[${bad}]: ends at ${(outs[bad] as FeatureMap).h}×${(outs[bad] as FeatureMap).w}, branch 0 at ${first.h}×${first.w}; a concat joins maps of one size`,
          );
        const c = outs.reduce((sum, o) => sum + o.c, 0);
        const out = { h: first.h, w: first.w, c };
        layers.push(elementwise(site, name, 'eltwise', out, first.h * first.w * c, first.h * first.w * c, bytes));
        x = out;
        break;
      }
      case 'act':
        break;
    }
  });
  return x;
}

/** The feature map after a window: refused when the window does not fit the input ("valid"). */
function outMap(x: FeatureMap, win: Window, c: number, at: string): FeatureMap {
  const h = windowOut(x.h, win.kh, win.sh, win.padding);
  const w = windowOut(x.w, win.kw, win.sw, win.padding);
  if (h < 1 || w < 1) throw new Error(`${at}: a ${win.kh}×${win.kw} window with "valid" padding does not fit the ${x.h}×${x.w} input`);
  return { h, w, c };
}

/** MobileNetV2 (width 1.0) as a model description: the reference check of the layer counting. */
export function mobileNetV2(resolution = 224): ModelDescription {
  const layers: ModelOp[] = [{ op: 'conv', k: 3, s: 2, c: 32 }];
  let cin = 32;
  const settings: [number, number, number, number][] = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  for (const [t, c, n, s] of settings) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      if (t !== 1) layers.push({ op: 'pw', c: cin * t });
      layers.push({ op: 'dw', k: 3, s: stride });
      layers.push({ op: 'pw', c });
      if (stride === 1 && cin === c) layers.push({ op: 'add' });
      cin = c;
    }
  }
  layers.push({ op: 'pw', c: 1280 }, { op: 'pool' }, { op: 'fc', c: 1000 });
  return { name: 'mobilenet_v2', input: [resolution, resolution, 3], layers };
}
