import type { HwParams } from '../hardware/hardware.js';
import type { Layer } from '../types.js';

/**
 * Per-layer results of `parallel`'s split searches, shared across estimates on the same hardware
 * (a search estimates thousands of subnets built from a few hundred distinct layers). What a layer's
 * four split cases (input on the NPU or the CIM × output gathered on the CIM or the NPU) come to is a
 * pure function of the layer's numbers, whether the NPU keeps its weights resident, the previous
 * layer's hand-off (when a crossing input arrives) and the hardware; the prune threshold of a call
 * decides only whether the search runs, so the cache keeps what does not depend on it: the lower
 * bound, and the searched minimum. A row (Float64Array, NaN = not yet computed):
 * `[3·j]` the bound, `[3·j + 1]` the minimum, `[3·j + 2]` its CIM channel count, for case
 * j = 2·loc + (state − 1); `[12]` the layer's time with all channels spread over the compute units.
 *
 * The hardware is compared field by field on every `beginLayers` call (a changed or mutated object
 * clears the cache), and the cache is cleared when it grows past `MAX_ROWS`.
 */
interface Entry {
  readonly layer: Layer;
  readonly resident: boolean;
  readonly h: number;
  readonly row: Float64Array;
}

const MAX_ROWS = 20000;
let cacheHw: HwParams | null = null;
let cacheHwValues: number[] = [];
let rows = new Map<number, Entry[]>();
let size = 0;

/** Starts an estimate on `hw`: clears the cache unless it holds the same hardware numbers. */
export function beginLayers(hw: HwParams): void {
  const values = hw as unknown as Record<string, number>;
  let same = cacheHw !== null;
  if (same) {
    let k = 0;
    for (const key in values) {
      if (cacheHwValues[k++] !== values[key]) {
        same = false;
        break;
      }
    }
    if (k !== cacheHwValues.length) same = false;
  }
  if (same && size <= MAX_ROWS) return;
  cacheHw = hw;
  cacheHwValues = [];
  for (const key in values) cacheHwValues.push(values[key] as number);
  rows = new Map();
  size = 0;
}

const mix = (h: number, x: number): number => Math.imul(h ^ (x | 0) ^ ((x * 4096) | 0), 0x9e3779b1);

function sameLayer(a: Layer, b: Layer): boolean {
  if (a === b) return true;
  const p = a.shape;
  const q = b.shape;
  return (
    a.kind === b.kind &&
    a.macs === b.macs &&
    a.weights === b.weights &&
    a.weightBytes === b.weightBytes &&
    a.inBytes === b.inBytes &&
    a.outBytes === b.outBytes &&
    a.staticWeights === b.staticWeights &&
    p.hIn === q.hIn &&
    p.wIn === q.wIn &&
    p.cIn === q.cIn &&
    p.hOut === q.hOut &&
    p.wOut === q.wOut &&
    p.cOut === q.cOut &&
    p.k === q.k &&
    p.stride === q.stride &&
    p.kh === q.kh &&
    p.kw === q.kw &&
    p.sh === q.sh &&
    p.sw === q.sw &&
    p.groups === q.groups &&
    p.tokens === q.tokens &&
    p.heads === q.heads
  );
}

/** The cached row of a layer (see above), created empty (NaN) on first sight. */
export function layerRow(layer: Layer, resident: boolean, h: number): Float64Array {
  const p = layer.shape;
  let key = mix(layer.kind.length * 131 + layer.kind.charCodeAt(0), layer.macs);
  key = mix(key, layer.weightBytes);
  key = mix(key, layer.inBytes);
  key = mix(key, layer.outBytes);
  key = mix(key, p.cIn * 65536 + p.cOut);
  key = mix(key, p.hOut * 4096 + p.wOut * 16 + p.k);
  key = mix(key, p.tokens * 64 + p.heads + (resident ? 1 << 30 : 0));
  key = mix(key, h * 1e6);
  let bucket = rows.get(key);
  if (bucket) {
    for (const e of bucket) if (e.resident === resident && e.h === h && sameLayer(e.layer, layer)) return e.row;
  } else rows.set(key, (bucket = []));
  const row = new Float64Array(13).fill(NaN);
  bucket.push({ layer, resident, h, row });
  size++;
  return row;
}
