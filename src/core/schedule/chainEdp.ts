import { chainCost, solveChain, type Chain } from './chain.js';
import { lagrangian, type Lagrangian } from './chainBounds.js';
import { LimitError } from '../numbers.js';

/**
 * The most labels the energy·delay schedule keeps over a chain, summed over its layers: a chain
 * whose CIM capacity binds on thousands of layers grows millions of them (10,000 pointwise layers
 * took minutes and gigabytes). Beyond this the schedule is refused, naming the limit.
 */
export const MAX_EDP_STATES = 2_000_000;
/**
 * The most layers an energy·delay schedule is computed for: its candidate placements and bounds
 * are exact latency schedules of weighted chains, whose capacity repair grows with the square of
 * the layers (3,000 layers took 5.5 s here; 10,000 took minutes). Real networks have hundreds.
 */
export const MAX_EDP_LAYERS = 2_000;

interface Label {
  readonly cap: number;
  readonly lat: number;
  readonly en: number;
  readonly unit: 0 | 1;
  readonly prev: Label | null;
}

/**
 * Keeps the labels of `cands` that no other label dominates in (capacity, latency, energy). Sorted
 * by capacity, a label is dominated iff an earlier kept label has latency ≤ and energy ≤ its own;
 * `front` holds those earlier labels' (latency, energy) staircase, latency ascending and energy
 * descending, so each test is one binary search.
 */
function nonDominated(cands: Label[]): Label[] {
  cands.sort((a, b) => a.cap - b.cap || a.lat - b.lat || a.en - b.en);
  const kept: Label[] = [];
  const fLat: number[] = [];
  const fEn: number[] = [];
  for (const l of cands) {
    // last staircase step with latency ≤ l.lat has the least energy among them
    let lo = 0;
    let hi = fLat.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((fLat[mid] as number) <= l.lat) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && (fEn[lo - 1] as number) <= l.en) continue;
    kept.push(l);
    // insert (lat, en) at lo and drop the steps it now dominates (latency ≥, energy ≥)
    let end = lo;
    while (end < fLat.length && (fEn[end] as number) >= l.en) end++;
    fLat.splice(lo, end - lo, l.lat);
    fEn.splice(lo, end - lo, l.en);
  }
  return kept;
}

/**
 * Lower bound of (a + x)(b + y) over the rests (x, y) with x ≥ x0, y ≥ y0 and x + μy ≥ r. On the line
 * the product is concave, so its least value is at an end of the segment inside the quadrant.
 */
function productBound(a: number, b: number, x0: number, y0: number, mu: number, r: number): number {
  if (x0 + mu * y0 >= r) return (a + x0) * (b + y0);
  const atX0 = (a + x0) * (b + (r - x0) / mu);
  const atY0 = (a + r - mu * y0) * (b + y0);
  return Math.min(atX0, atY0);
}

/** A chain whose costs are latency + μ × energy (same weights and capacity). */
function weighted(lat: Chain, en: Chain, mu: number): Chain {
  const mix = (a: ArrayLike<number>, b: ArrayLike<number>): number[] =>
    Array.from({ length: a.length }, (_, i) => (a[i] as number) + mu * (b[i] as number));
  return {
    npu: mix(lat.npu, en.npu),
    cim: mix(lat.cim, en.cim),
    handoff: mix(lat.handoff, en.handoff),
    weight: lat.weight,
    capacity: lat.capacity,
  };
}

/** What pruning an energy·delay label needs, computed once per chain (see `solveChainEdp`). */
interface EdpBounds {
  readonly cap: number;
  /** the CIM-eligible bytes after layer i (the slack threshold) */
  readonly restW: Float64Array;
  /** the unconstrained optimal rest of latency and energy after layer i on the NPU [0] / CIM [1] */
  readonly latRest: [Float64Array, Float64Array];
  readonly enRest: [Float64Array, Float64Array];
  /** capacity-aware lower bounds on the rest, one Lagrangian relaxation per objective */
  readonly lagLat: Lagrangian;
  readonly lagEn: Lagrangian;
  /** the weights μ of latency + μ·energy around the tangent, their rests and relaxations */
  readonly mus: readonly number[];
  readonly muRest: readonly [Float64Array, Float64Array][];
  readonly muLag: readonly Lagrangian[];
  /** the best EDP of the candidate placements (an upper bound) */
  readonly ub: number;
}

/** Whether layer i may go on the CIM (read on the latency chain: every chain here has its CIM layers). */
const fitsAt = (lat: Chain, i: number): boolean => Number.isFinite(lat.cim[i] as number) && (lat.weight[i] as number) <= lat.capacity;

/** The unconstrained optimal rest after each layer, given its unit (NPU, CIM); `lat` says which may go on the CIM. */
function restOf(ch: Chain, lat: Chain): [Float64Array, Float64Array] {
  const L = ch.npu.length;
  const rn = new Float64Array(L);
  const rc = new Float64Array(L);
  for (let i = L - 2; i >= 0; i--) {
    const nn = (ch.npu[i + 1] as number) + (rn[i + 1] as number);
    const nc = fitsAt(lat, i + 1) ? (ch.cim[i + 1] as number) + (rc[i + 1] as number) : Infinity;
    const h = ch.handoff[i] as number;
    rn[i] = Math.min(nn, h + nc);
    rc[i] = Math.min(h + nn, nc);
  }
  return [rn, rc];
}

/** The chain's Lagrangian relaxation, with the layers that may not go on the CIM priced out. */
const relax = (ch: Chain, lat: Chain): Lagrangian =>
  lagrangian(
    ch,
    Array.from({ length: ch.npu.length }, (_, i) => (fitsAt(lat, i) ? (ch.cim[i] as number) : Infinity)),
  );

/**
 * The bounds and the best candidate placement. Weighted sums latency + μ·energy: their exact optima
 * are feasible placements (upper bounds), and their optimal rests bound every completion from below
 * (x + μ·y ≥ R_μ). A coarse sweep of μ finds a good placement; the bounds then use μ around the
 * tangent of EDP there (μ = latency / energy).
 */
function edpBounds(lat: Chain, en: Chain): EdpBounds {
  const L = lat.npu.length;
  const latRest = restOf(lat, lat);
  const enRest = restOf(en, lat);
  const lagLat = relax(lat, lat);
  const lagEn = relax(en, lat);
  const restW = new Float64Array(L);
  for (let i = L - 2; i >= 0; i--) restW[i] = (restW[i + 1] as number) + (fitsAt(lat, i + 1) ? (lat.weight[i + 1] as number) : 0);
  let ub = Infinity;
  let tangent = 1;
  const consider = (u: Uint8Array): void => {
    const l = chainCost(lat, u);
    const e = chainCost(en, u);
    if (l * e < ub) {
      ub = l * e;
      tangent = l / (e || 1);
    }
  };
  const allNpu = new Uint8Array(L);
  consider(allNpu);
  consider(solveChain(lat).units);
  consider(solveChain(en).units);
  const scale = chainCost(lat, allNpu) / (chainCost(en, allNpu) || 1);
  for (const f of [1 / 16, 1 / 4, 1, 4, 16]) consider(solveChain(weighted(lat, en, f * scale)).units);
  const mus = [0.5, 0.7, 0.85, 1, 1.2, 1.4, 2].map((f) => f * tangent);
  const muRest: [Float64Array, Float64Array][] = [];
  const muLag: Lagrangian[] = [];
  for (const mu of mus) {
    const w = weighted(lat, en, mu);
    consider(solveChain(w).units);
    muRest.push(restOf(w, lat));
    muLag.push(relax(w, lat));
  }
  return { cap: lat.capacity, restW, latRest, enRest, lagLat, lagEn, mus, muRest, muLag, ub };
}

/**
 * The labels of `cands` (layer i, last unit `unit`) whose completion may still beat the best EDP
 * known, raised to the slack threshold, without the dominated ones.
 */
function settle(b: EdpBounds, cands: Label[], i: number, unit: 0 | 1): Label[] {
  const { cap, lagLat, lagEn, mus, ub } = b;
  const thr = cap - (b.restW[i] as number);
  const rl = b.latRest[unit][i] as number;
  const re = b.enRest[unit][i] as number;
  const ll = (unit === 0 ? lagLat.lagN : lagLat.lagC)[i] as number;
  const le = (unit === 0 ? lagEn.lagN : lagEn.lagC)[i] as number;
  const alive: Label[] = [];
  for (const l of cands) {
    const free = cap - Math.max(l.cap, thr);
    const lowLat = Math.max(rl, ll - lagLat.lambda * free);
    const lowEn = Math.max(re, le - lagEn.lambda * free);
    let bound = (l.lat + lowLat) * (l.en + lowEn);
    for (let j = 0; j < mus.length && bound <= ub * (1 + 1e-9); j++) {
      const r = b.muRest[j] as [Float64Array, Float64Array];
      const g = b.muLag[j] as Lagrangian;
      const rMu = Math.max(r[unit][i] as number, ((unit === 0 ? g.lagN : g.lagC)[i] as number) - g.lambda * free);
      bound = Math.max(bound, productBound(l.lat, l.en, lowLat, lowEn, mus[j] as number, rMu));
    }
    if (bound > ub * (1 + 1e-9)) continue;
    alive.push(l.cap < thr ? { ...l, cap: thr } : l);
  }
  return nonDominated(alive);
}

/**
 * Exact energy·delay-optimal placement. EDP is not additive, so labels keep (bytes used, latency,
 * energy) and only labels dominated in all three are dropped; the slack pruning of `solveChain`
 * carries over. A label is dropped when a lower bound on its best completion's EDP exceeds the best
 * placement known: the rest's latency and energy are each bounded (capacity-aware, by Lagrangian
 * relaxation), and so is every weighted sum latency + μ·energy, for μ around the tangent of EDP at
 * the best placement; the exact optima of those weighted sums are also the candidate placements.
 * `lat` and `en` must describe the same chain (same weights and capacity).
 */
export function solveChainEdp(lat: Chain, en: Chain): { units: Uint8Array; cost: number; states: number } {
  const L = lat.npu.length;
  if (L > MAX_EDP_LAYERS) {
    throw new LimitError(
      `objective edp: ${L.toLocaleString('en-US')} layers; the exact energy·delay schedule is computed for at most ${MAX_EDP_LAYERS.toLocaleString('en-US')} (estimate latency or energy instead)`,
    );
  }
  const cap = lat.capacity;
  const b = edpBounds(lat, en);
  let states = 0;
  let LN = settle(b, [{ cap: 0, lat: lat.npu[0] as number, en: en.npu[0] as number, unit: 0, prev: null }], 0, 0);
  let LC = fitsAt(lat, 0)
    ? settle(b, [{ cap: lat.weight[0] as number, lat: lat.cim[0] as number, en: en.cim[0] as number, unit: 1, prev: null }], 0, 1)
    : [];
  for (let i = 1; i < L; i++) {
    const hl = lat.handoff[i - 1] as number;
    const he = en.handoff[i - 1] as number;
    const nl = lat.npu[i] as number;
    const ne = en.npu[i] as number;
    const toN: Label[] = [];
    for (const l of LN) toN.push({ cap: l.cap, lat: l.lat + nl, en: l.en + ne, unit: 0, prev: l });
    for (const l of LC) toN.push({ cap: l.cap, lat: l.lat + hl + nl, en: l.en + he + ne, unit: 0, prev: l });
    const toC: Label[] = [];
    if (fitsAt(lat, i)) {
      const w = lat.weight[i] as number;
      const cl = lat.cim[i] as number;
      const ce = en.cim[i] as number;
      for (const l of LN) if (l.cap + w <= cap) toC.push({ cap: l.cap + w, lat: l.lat + hl + cl, en: l.en + he + ce, unit: 1, prev: l });
      for (const l of LC) if (l.cap + w <= cap) toC.push({ cap: l.cap + w, lat: l.lat + cl, en: l.en + ce, unit: 1, prev: l });
    }
    LN = settle(b, toN, i, 0);
    LC = settle(b, toC, i, 1);
    states += LN.length + LC.length;
    if (states > MAX_EDP_STATES) {
      throw new LimitError(
        `objective edp: the exact energy·delay schedule of this ${L.toLocaleString('en-US')}-layer chain needs more than ${MAX_EDP_STATES.toLocaleString('en-US')} labels (reached at layer ${(i + 1).toLocaleString('en-US')}), the limit; estimate latency or energy instead, or fewer layers`,
      );
    }
  }
  let best: Label | null = null;
  for (const l of [...LN, ...LC]) if (!best || l.lat * l.en < best.lat * best.en) best = l;
  if (!best) throw new Error('no feasible placement');
  const units = new Uint8Array(L);
  let i = L - 1;
  for (let l: Label | null = best; l; l = l.prev) units[i--] = l.unit;
  return { units, cost: best.lat * best.en, states };
}
