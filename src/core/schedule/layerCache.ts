import type { HwParams } from '../hardware/hardware.js';
import type { Layer, LayerCost } from '../types.js';

/**
 * Per-layer results shared across estimates on the same hardware: a search estimates thousands of
 * subnets built from a few hundred distinct layers (405 on `mini`, about 1,800 on `nasvit`), each
 * estimate expanding fresh layer objects, so the results are keyed by the layer's numbers (every
 * field but its name and position) and compared field by field on a hit.
 *
 * - `costs`: a layer's `LayerCost` (hardware/cost.ts), a pure function of its numbers, whether the
 *   NPU keeps its weights resident and the hardware; estimate.ts takes it from here instead of
 *   costing the layer again (estimates on the same hardware then share the cost objects).
 * - `splitRow`: `parallel`'s split searches. What a layer's four split cases (input on the NPU or
 *   the CIM × output gathered on the CIM or the NPU) come to is a pure function of the layer's
 *   numbers, whether the NPU keeps its weights resident, the previous layer's hand-off (when a
 *   crossing input arrives) and the hardware; the prune threshold of a call decides only whether the
 *   search runs, so the row keeps what does not depend on it: the lower bound, and the searched
 *   minimum. A row (Float64Array, NaN = not yet computed): `[3·j]` the bound, `[3·j + 1]` the
 *   minimum, `[3·j + 2]` its CIM channel count, for case j = 2·loc + (state − 1); `[12]` the layer's
 *   time with all channels spread over the compute units.
 *
 * The hardware is compared field by field on every `beginLayers` call (a changed or mutated object
 * clears both tables), and a table is cleared when it grows past `MAX_ENTRIES`. A table is open
 * addressing (linear probing, at most half full) on a hash of the layer's numbers: a `Map` of
 * buckets took about twice as long a lookup (a fifth of the segment table's time on `mini`).
 */

const MAX_ENTRIES = 20000;
/** slots of a table: a power of two, doubled as it fills up to `MAX_SLOTS` */
const MIN_SLOTS = 1 << 10;
const MAX_SLOTS = 1 << 16;

interface Entry<T> {
  readonly key: number;
  readonly layer: Layer;
  readonly resident: boolean;
  /** one more number the value depends on (`parallel`'s rows: the previous layer's hand-off) */
  readonly x: number;
  readonly value: T;
}

/** Values keyed by a layer's numbers, `resident` and one more number `x` (see above). */
class LayerTable<T> {
  // as small as the entries allow: a lookup reads a slot at random, and in a fixed table of 65,536
  // slots (what the most entries kept need) those reads missed the caches (twice the time)
  private slots: (Entry<T> | undefined)[] = new Array<Entry<T> | undefined>(MIN_SLOTS).fill(undefined);
  size = 0;

  /** The value stored for the layer, or undefined. */
  find(layer: Layer, resident: boolean, x: number): T | undefined {
    const key = layerKey(layer, resident, x);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = key & mask;
    for (let e = slots[slot]; e !== undefined; e = slots[slot]) {
      if (e.key === key && e.resident === resident && e.x === x && sameLayer(e.layer, layer)) return e.value;
      slot = (slot + 1) & mask;
    }
    return undefined;
  }

  /** Stores a value for a layer not stored yet. */
  add(layer: Layer, resident: boolean, x: number, value: T): void {
    if (2 * (this.size + 1) > this.slots.length) {
      // at most half full: twice the slots, or, at the most slots (an estimate of tens of thousands
      // of distinct layers, an imported network), start afresh (values handed out stay valid)
      if (this.slots.length < MAX_SLOTS) this.resize(2 * this.slots.length);
      else this.clear();
    }
    this.put({ key: layerKey(layer, resident, x), layer, resident, x, value });
    this.size++;
  }

  clear(): void {
    if (this.size > 0) this.slots = new Array<Entry<T> | undefined>(MIN_SLOTS).fill(undefined);
    this.size = 0;
  }

  private put(e: Entry<T>): void {
    const mask = this.slots.length - 1;
    let slot = e.key & mask;
    while (this.slots[slot] !== undefined) slot = (slot + 1) & mask;
    this.slots[slot] = e;
  }

  private resize(n: number): void {
    const old = this.slots;
    this.slots = new Array<Entry<T> | undefined>(n).fill(undefined);
    for (const e of old) if (e !== undefined) this.put(e);
  }
}

const costTable = new LayerTable<LayerCost>();
const rowTable = new LayerTable<Float64Array>();
const tables: readonly LayerTable<unknown>[] = [costTable, rowTable];
let cacheHw: HwParams | null = null;
let cacheHwValues: number[] = [];

/** Starts an estimate on `hw`: clears the tables unless they hold the same hardware numbers. */
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
  if (same && tables.every((t) => t.size <= MAX_ENTRIES)) return;
  cacheHw = hw;
  cacheHwValues = [];
  for (const key in values) cacheHwValues.push(values[key] as number);
  for (const t of tables) t.clear();
}

/** The cost of a layer on the hardware of the last `beginLayers` when seen before, else undefined. */
export function cachedCost(layer: Layer, resident: boolean): LayerCost | undefined {
  return costTable.find(layer, resident, 0);
}

/** Keeps the cost of a layer not cached yet (see `cachedCost`). */
export function storeCost(layer: Layer, resident: boolean, cost: LayerCost): void {
  costTable.add(layer, resident, 0, cost);
}

/** The split row of a layer after a hand-off `h` (see above), created empty (NaN) on first sight. */
export function splitRow(layer: Layer, resident: boolean, h: number): Float64Array {
  let row = rowTable.find(layer, resident, h);
  if (row === undefined) rowTable.add(layer, resident, h, (row = new Float64Array(13).fill(NaN)));
  return row;
}

const mix = (h: number, x: number): number => Math.imul(h ^ (x | 0) ^ ((x * 4096) | 0), 0x9e3779b1);

/** A hash of the layer's numbers, `resident` and `x` (equal layers hash alike; `sameLayer` decides). */
function layerKey(layer: Layer, resident: boolean, x: number): number {
  const p = layer.shape;
  let key = mix(layer.kind.length * 131 + layer.kind.charCodeAt(0), layer.macs);
  key = mix(key, layer.weightBytes);
  key = mix(key, layer.inBytes);
  key = mix(key, layer.outBytes);
  key = mix(key, p.cIn * 65536 + p.cOut);
  key = mix(key, p.hOut * 4096 + p.wOut * 16 + p.k);
  key = mix(key, p.tokens * 64 + p.heads + (resident ? 1 << 30 : 0));
  return mix(key, x * 1e6);
}

/** Whether two layers have the same numbers (all but the name and the position). */
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
