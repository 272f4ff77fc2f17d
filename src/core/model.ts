import { pushAll } from './numbers.js';
import { z } from './zod.js';
import { preview, zodMessages, type Validated } from './genome.js';
import { attention, conv, dwconv, elementwise, INT8, linear, pool, pwconv, type ByteWidths, type FeatureMap, type LayerSite } from './layers.js';
import type { Layer } from './types.js';

/** A whole number in [1, max], with messages that say so. */
const whole = (max: number) =>
  z.number({ error: (iss) => (iss.input === undefined ? `required (a whole number 1–${max})` : `must be a whole number 1–${max}, got ${preview(iss.input)}`) })
    .int({ error: `must be a whole number 1–${max}` })
    .min(1, { error: `must be a whole number 1–${max}` })
    .max(max, { error: `must be a whole number 1–${max}` });
/** channel counts up to 65,536: wider than any real layer, small enough to keep totals meaningful */
const ch = whole(65536);
/** Unknown field names for a message: quoted, each cut to 40 characters, at most three named. */
const fieldNames = (keys: readonly string[] | undefined): string => {
  const ks = keys ?? [];
  const shown = ks.slice(0, 3).map((k) => `"${preview(k).replace(/^"|"$/g, '')}"`).join(', ');
  return ks.length > 3 ? `${shown} and ${ks.length - 3} more` : shown;
};
/** Names an unknown field of an op and the fields that op takes. */
const opError = (op: string) => ({
  error: (iss: { code?: string; keys?: string[] }) => (iss.code === 'unrecognized_keys' ? `unknown field ${fieldNames(iss.keys)} for op "${op}"` : undefined),
});
const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('conv'), k: whole(15), s: whole(8), c: ch }, opError('conv')).strict(),
  z.object({ op: z.literal('dw'), k: whole(15), s: whole(8) }, opError('dw')).strict(),
  z.object({ op: z.literal('pw'), c: ch }, opError('pw')).strict(),
  z.object({ op: z.literal('tokens') }, opError('tokens')).strict(),
  z.object({ op: z.literal('linear'), c: ch }, opError('linear')).strict(),
  z.object({ op: z.literal('attention'), heads: whole(4096) }, opError('attention')).strict(),
  z.object({ op: z.literal('norm') }, opError('norm')).strict(),
  z.object({ op: z.literal('add') }, opError('add')).strict(),
  z.object({ op: z.literal('act') }, opError('act')).strict(),
  z.object({ op: z.literal('pool') }, opError('pool')).strict(),
  z.object({ op: z.literal('fc'), c: ch }, opError('fc')).strict(),
], { error: (iss) => (iss.code === 'invalid_union' ? 'must be one of conv, dw, pw, tokens, linear, attention, norm, add, act, pool, fc' : undefined) });

const modelSchema = z.object({
  name: z.string({ error: 'required (a name)' }).min(1, { error: 'must not be empty' }).max(200, { error: 'at most 200 characters' }),
  input: z.tuple([whole(8192), whole(8192), whole(65536)], { error: (iss) => (iss.input === undefined ? 'required: [height, width, channels]' : 'must be [height, width, channels], e.g. [224, 224, 3]') }),
  layers: z.array(opSchema, { error: 'required: a list of ops such as {"op": "conv", "k": 3, "s": 2, "c": 32}' })
    .min(1, { error: 'must hold at least one op' }).max(10000, { error: 'at most 10,000 ops' }),
}, { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field ${fieldNames(iss.keys)} (allowed: name, input, layers)` : 'must be an object { "name", "input", "layers" }') }).strict();

/** A user's own sequential network (SPEC §3.1): a public interface, keep it stable. */
export type ModelDescription = z.infer<typeof modelSchema>;
export type ModelOp = z.infer<typeof opSchema>;

/** Validates untrusted input as a model description; messages name the field (`layers[3].c`). */
export function validateModel(input: unknown): Validated<ModelDescription> {
  const r = modelSchema.safeParse(input);
  if (!r.success) return { ok: false, errors: zodMessages(r.error) };
  // shape checks that depend on the running feature map
  try {
    if (expandModel(r.data).length === 0) return { ok: false, errors: ['layers: no layer with a cost (act and tokens alone add none)'] };
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  return { ok: true, value: r.data };
}

/**
 * Expands a model description into the layer list. Activations (`act`) are folded into the layer
 * before them, like BatchNorm, so they add no layer.
 */
export function expandModel(model: ModelDescription, bytes: ByteWidths = INT8): Layer[] {
  const [h0, w0, c0] = model.input;
  let x: FeatureMap = { h: h0, w: w0, c: c0 };
  const layers: Layer[] = [];
  model.layers.forEach((op, i) => {
    const site: LayerSite = { prefix: '', stage: 0, block: i, group: 'model' };
    const name = `${i}.${op.op}`;
    const tokens = x.h * x.w;
    switch (op.op) {
      case 'conv':
        layers.push(conv(site, name, x, op.k, op.s, op.c, bytes));
        x = { h: Math.ceil(x.h / op.s), w: Math.ceil(x.w / op.s), c: op.c };
        break;
      case 'dw':
        layers.push(dwconv(site, name, x, op.k, op.s, bytes));
        x = { h: Math.ceil(x.h / op.s), w: Math.ceil(x.w / op.s), c: x.c };
        break;
      case 'pw':
        layers.push(pwconv(site, name, x, op.c, bytes));
        x = { ...x, c: op.c };
        break;
      case 'linear':
        layers.push(linear(site, name, tokens, x.c, op.c, bytes));
        x = { ...x, c: op.c };
        break;
      case 'attention': {
        if (x.c % 3 !== 0) throw new Error(`layers[${i}].op: attention needs Q, K, V concatenated (channels divisible by 3), got ${x.c}`);
        const d = x.c / 3;
        if (d % op.heads !== 0) throw new Error(`layers[${i}].heads: ${op.heads} does not divide the width ${d}`);
        pushAll(layers, attention({ ...site, prefix: `${i}.attention` }, x, tokens, d, op.heads, bytes));
        x = { ...x, c: d };
        break;
      }
      case 'norm':
        layers.push(elementwise(site, name, 'norm', x, tokens * x.c, tokens * x.c, bytes, tokens));
        break;
      case 'add':
        layers.push(elementwise(site, name, 'eltwise', x, 2 * tokens * x.c, tokens * x.c, bytes));
        break;
      case 'pool':
        layers.push(pool(site, name, x, bytes));
        x = { h: 1, w: 1, c: x.c };
        break;
      case 'fc':
        layers.push(linear(site, name, 1, x.h * x.w * x.c, op.c, bytes));
        x = { h: 1, w: 1, c: op.c };
        break;
      case 'tokens':
      case 'act':
        break;
    }
  });
  return layers;
}

/** MobileNetV2 (width 1.0) as a model description: the reference check of the layer counting. */
export function mobileNetV2(resolution = 224): ModelDescription {
  const layers: ModelOp[] = [{ op: 'conv', k: 3, s: 2, c: 32 }];
  let cin = 32;
  const settings: [number, number, number, number][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];
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
