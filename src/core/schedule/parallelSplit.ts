import { cimSpreadLowerBoundUs, cimTimeUs, npuOutputUs, npuTimeUs, utilisation } from '../hardware/cost.js';
import { factorOf } from '../hardware/calibration.js';
import type { HwParams } from '../hardware/hardware.js';
import type { Layer, LayerCost } from '../types.js';

/**
 * One layer's segment of the `parallel` schedule (see parallel.ts): the layer starts when its whole
 * input is on every unit it runs on, and its segment ends when its whole output is on the unit the
 * next layer reads it from. Everything here is a time from the segment's start, in µs.
 */
export interface SplitCase {
  /** when the NPU part may start (0, or after the input crossed the link) */
  readonly startN: number;
  /** when the CIM part may start */
  readonly startC: number;
  /** when the link is free for the output's gather */
  readonly linkReady: number;
  /** gather the output on the NPU (else on the CIM) */
  readonly toNpu: boolean;
  /** the segment with all channels on the CIM (n = cOut): a split must beat it */
  readonly unsplit: number;
  /** no split at or above this is needed (≤ `unsplit`): the search is skipped when none can beat it */
  readonly prune: number;
}

/** What the split search needs of a layer, fixed for the whole schedule: see `splitLayer`. */
export interface SplitLayer {
  /** tags this layer's cached part times */
  id: number;
  layer: Layer;
  cost: LayerCost;
  hw: HwParams;
  units: number;
  macrosPerCu: number;
  /** the NPU part's time floor whatever its share: overhead, plus reading the whole input unless depthwise */
  npuFloor: number;
  /** the NPU part's time is at least this times its share, plus the overhead */
  npuSlope: number;
  /** the CIM part's time is at least this times its share (a perfect spread over the compute units) */
  cimSlope: number;
  /** the CIM part's time for one channel: a floor for any share */
  cimOne: number;
}

/** the one layer being split (layers are split one at a time): refilled, never allocated per layer */
let shared: SplitLayer | undefined;

/**
 * The per-layer figures of the split search (the bounds use the best utilisation any share can
 * reach). Returns a shared object, valid until the next call.
 */
export function splitLayer(layer: Layer, cost: LayerCost, hw: HwParams, units: number, macrosPerCu: number): SplitLayer {
  const dw = layer.kind === 'dwconv';
  // the channel factor of the utilisation is at most 1 (8 output channels); the input factor stays
  const uMax = utilisation(layer.kind, layer.shape.cIn / layer.shape.groups, 8, layer.shape.kh, layer.shape.kw);
  if (stamp.length <= layer.shape.cOut) {
    stamp = new Float64Array(2 * layer.shape.cOut);
    timeN = new Float64Array(2 * layer.shape.cOut);
    timeC = new Float64Array(2 * layer.shape.cOut);
  }
  const s = (shared ??= { id: 0, layer, cost, hw, units, macrosPerCu, npuFloor: 0, npuSlope: 0, cimSlope: 0, cimOne: 0 });
  s.id = nextId++;
  s.layer = layer;
  s.cost = cost;
  s.hw = hw;
  s.units = units;
  s.macrosPerCu = macrosPerCu;
  s.npuFloor = hw.npuOverheadUs + (dw ? 0 : layer.inBytes / (hw.npuSramGBps * 1e3));
  // the output stage's time is exactly proportional to the share
  s.npuSlope = Math.max(
    layer.macs / (hw.npuMacsPerCycle * uMax * hw.npuFreqMHz),
    npuOutputUs(layer, hw, 1),
    cost.npu.weightsUs,
    dw ? cost.npu.activationsUs : 0,
  );
  // a calibrated NPU time is the model's times its kind's factor: so are its bounds (calibration.ts)
  const fN = factorOf(hw, layer.kind, 'npu').time;
  s.npuFloor *= fN;
  s.npuSlope *= fN;
  s.cimSlope = cimSpreadLowerBoundUs(layer, hw);
  s.cimOne = cimTimeUs(layer, hw, 1, macrosPerCu);
  return s;
}

/**
 * The segment time with `n` of the layer's output channels on the CIM (1 ≤ n < cOut), the rest on
 * the NPU, both parts running at once, the part on the wrong side of the next layer gathered over
 * the link. Returns the two sides: when the output is complete from the NPU part and from the CIM
 * part. The NPU side never rises and the CIM side never falls as n grows (each part's time grows
 * with its channel count), and each is a max-plus expression of per-part times that never rise on
 * better hardware.
 */
function sides(s: SplitLayer, c: SplitCase, n: number, out: { n: number; c: number }): void {
  const { layer, hw } = s;
  const cOut = layer.shape.cOut;
  const perUs = 1 / (hw.linkGBps * 1e3);
  // the parts' times depend on n only: the four cases of a layer share them
  if (stamp[n] !== s.id) {
    stamp[n] = s.id;
    timeN[n] = npuTimeUs(layer, hw, s.cost.npuResident, cOut - n);
    timeC[n] = cimTimeUs(layer, hw, Math.ceil(n / s.units), s.macrosPerCu);
  }
  const endN = c.startN + (timeN[n] as number);
  const endC = c.startC + (timeC[n] as number);
  out.n = c.toNpu ? endN : Math.max(c.linkReady, endN) + layer.outBytes * ((cOut - n) / cOut) * perUs;
  out.c = c.toNpu ? Math.max(c.linkReady, endC) + layer.outBytes * (n / cOut) * perUs : endC;
}

/** per-count part times of the layer being split (valid where `stamp` holds its id) */
let stamp = new Float64Array(256);
let timeN = new Float64Array(256);
let timeC = new Float64Array(256);
let nextId = 1;

/**
 * A lower bound on every split's segment (1 ≤ n < cOut), and the share where its lines cross (a
 * first guess for the search): the NPU part takes at least its floor plus its share of the layer's
 * roofline at the best utilisation, the CIM part its share of a perfect spread over the compute
 * units and at least one channel's time; the part on the wrong side crosses the link.
 */
function splitLowerBound(s: SplitLayer, c: SplitCase, guess: { share: number }): number {
  const cOut = s.layer.shape.cOut;
  const xfer = s.cost.handoffUs;
  const n0 = c.startN + s.hw.npuOverheadUs;
  const aN = s.npuSlope + (c.toNpu ? 0 : xfer);
  const xC = c.toNpu ? xfer : 0;
  const sMin = 1 / cOut;
  guess.share = crossingShare(n0, aN, c.startC + s.cimOne, s.cimSlope + xC, sMin);
  return Math.max(
    c.startN + s.npuFloor,
    crossing(n0, aN, c.startC, s.cimSlope + xC, sMin),
    crossing(n0, aN, c.startC + s.cimOne, xC, sMin),
  );
}

/** the share s ∈ [sMin, 1 − sMin] where a + da·(1 − s) meets b + db·s */
const crossingShare = (a: number, da: number, b: number, db: number, sMin: number): number =>
  Math.min(1 - sMin, Math.max(sMin, (a + da - b) / (da + db || 1)));

/** min over the CIM share s ∈ [sMin, 1 − sMin] of max(a + da·(1 − s), b + db·s): where the lines cross. */
function crossing(a: number, da: number, b: number, db: number, sMin: number): number {
  const t = crossingShare(a, da, b, db, sMin);
  return Math.max(a + da * (1 - t), b + db * t);
}

const sd = { n: 0, c: 0 };

/** whether the CIM side reaches the NPU side at n (n = cOut: a sentinel, "no split count crosses") */
function crosses(s: SplitLayer, c: SplitCase, n: number): boolean {
  if (n >= s.layer.shape.cOut) return true;
  sides(s, c, n, sd);
  return sd.c >= sd.n;
}
const guess = { share: 0 };

/**
 * A lower bound on every split's segment (cOut ≥ 2): the caller skips the search when it is at or
 * above what a split must beat.
 */
export function splitBound(s: SplitLayer, c: SplitCase): number {
  return splitLowerBound(s, c, guess);
}

/**
 * The exact minimum of the segment over the CIM channel count n ∈ [1, cOut] (n = cOut is `unsplit`),
 * and the count that reaches it (ties keep the unsplit layer); the caller skips it when `splitBound`
 * shows no split can beat what it must (parallelTable.ts caches both per layer: neither depends on that
 * threshold). Exact, not a heuristic: the segment is max(NPU side, CIM side) with the NPU side
 * non-increasing and the CIM side non-decreasing in n, so its minimum over the split counts is at
 * the first count n* where the CIM side reaches the NPU side, or just before it; a gallop from the
 * guess and a bisection find n*, and both neighbours are evaluated. Being the minimum over a fixed
 * set of counts of times that never rise on better hardware, the result never rises on better
 * hardware either (the property `parallel`'s monotonicity rests on).
 */
export function searchSplit(s: SplitLayer, c: SplitCase, out: { cost: number; n: number }): void {
  const cOut = s.layer.shape.cOut;
  out.cost = c.unsplit;
  out.n = cOut;
  splitLowerBound(s, c, guess);
  // the first n in [1, cOut − 1] whose CIM side reaches its NPU side (cOut when none does)
  const g = Math.min(cOut - 1, Math.max(1, Math.round(cOut * guess.share)));
  let lo: number;
  let hi: number;
  if (crosses(s, c, g)) {
    hi = g;
    lo = 1;
    for (let step = 1; g - step >= 1; step *= 2) {
      if (!crosses(s, c, g - step)) {
        lo = g - step + 1;
        break;
      }
      hi = g - step;
    }
  } else {
    lo = g + 1;
    hi = cOut;
    for (let step = 1; g + step < cOut; step *= 2) {
      if (crosses(s, c, g + step)) {
        hi = g + step;
        break;
      }
      lo = g + step + 1;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (crosses(s, c, mid)) hi = mid;
    else lo = mid + 1;
  }
  for (let n = hi - 1; n <= hi; n++) {
    if (n < 1 || n > cOut - 1) continue;
    sides(s, c, n, sd);
    const r = Math.max(sd.n, sd.c);
    if (r < out.cost) {
      out.cost = r;
      out.n = n;
    }
  }
}
