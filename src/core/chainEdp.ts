import { chainCost, lagrangian, solveChain, type Chain } from './chain.js';

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

/** A chain whose costs are latency + μ × energy (same weights and capacity). */
function weighted(lat: Chain, en: Chain, mu: number): Chain {
  const mix = (a: ArrayLike<number>, b: ArrayLike<number>): number[] => Array.from({ length: a.length }, (_, i) => (a[i] as number) + mu * (b[i] as number));
  return { npu: mix(lat.npu, en.npu), cim: mix(lat.cim, en.cim), handoff: mix(lat.handoff, en.handoff), weight: lat.weight, capacity: lat.capacity };
}

/**
 * Exact energy·delay-optimal placement. EDP is not additive, so labels keep (bytes used, latency,
 * energy) and only labels dominated in all three are dropped; the bound and slack prunings of
 * `solveChain` carry over (the bound uses the separate latency and energy optima of the rest), and
 * the upper bound comes from the exact optima of latency + μ·energy for a spread of weights μ.
 * `lat` and `en` must describe the same chain (same weights and capacity).
 */
export function solveChainEdp(lat: Chain, en: Chain): { units: Uint8Array; cost: number; states: number } {
  const L = lat.npu.length;
  const cap = lat.capacity;
  const fits = (i: number): boolean => Number.isFinite(lat.cim[i] as number) && (lat.weight[i] as number) <= cap;

  const rest = (ch: Chain): [Float64Array, Float64Array] => {
    const rn = new Float64Array(L);
    const rc = new Float64Array(L);
    for (let i = L - 2; i >= 0; i--) {
      const nn = (ch.npu[i + 1] as number) + (rn[i + 1] as number);
      const nc = fits(i + 1) ? (ch.cim[i + 1] as number) + (rc[i + 1] as number) : Infinity;
      const h = ch.handoff[i] as number;
      rn[i] = Math.min(nn, h + nc);
      rc[i] = Math.min(h + nn, nc);
    }
    return [rn, rc];
  };
  const [latN, latC] = rest(lat);
  const [enN, enC] = rest(en);
  // capacity-aware lower bounds on the rest, one Lagrangian relaxation per objective
  const eligible = (ch: Chain): number[] => Array.from({ length: L }, (_, i) => (fits(i) ? (ch.cim[i] as number) : Infinity));
  const lagLat = lagrangian(lat, eligible(lat));
  const lagEn = lagrangian(en, eligible(en));
  const restW = new Float64Array(L);
  for (let i = L - 2; i >= 0; i--) restW[i] = (restW[i + 1] as number) + (fits(i + 1) ? (lat.weight[i + 1] as number) : 0);

  const edpOf = (u: Uint8Array): number => chainCost(lat, u) * chainCost(en, u);
  const allNpu = new Uint8Array(L);
  let ub = edpOf(allNpu);
  const scale = chainCost(lat, allNpu) / (chainCost(en, allNpu) || 1);
  for (const f of [0, 1 / 16, 1 / 4, 1 / 2, 1, 2, 4, 16]) ub = Math.min(ub, edpOf(solveChain(weighted(lat, en, f * scale)).units));
  ub = Math.min(ub, edpOf(solveChain(en).units));

  let states = 0;
  const settle = (cands: Label[], i: number, unit: 0 | 1): Label[] => {
    const thr = cap - (restW[i] as number);
    const rl = unit === 0 ? (latN[i] as number) : (latC[i] as number);
    const re = unit === 0 ? (enN[i] as number) : (enC[i] as number);
    const ll = unit === 0 ? (lagLat.lagN[i] as number) : (lagLat.lagC[i] as number);
    const le = unit === 0 ? (lagEn.lagN[i] as number) : (lagEn.lagC[i] as number);
    const alive: Label[] = [];
    for (const l of cands) {
      const free = cap - Math.max(l.cap, thr);
      const lowLat = Math.max(rl, ll - lagLat.lambda * free);
      const lowEn = Math.max(re, le - lagEn.lambda * free);
      if ((l.lat + lowLat) * (l.en + lowEn) > ub * (1 + 1e-9)) continue;
      alive.push(l.cap < thr ? { ...l, cap: thr } : l);
    }
    return nonDominated(alive);
  };

  let LN = settle([{ cap: 0, lat: lat.npu[0] as number, en: en.npu[0] as number, unit: 0, prev: null }], 0, 0);
  let LC = fits(0) ? settle([{ cap: lat.weight[0] as number, lat: lat.cim[0] as number, en: en.cim[0] as number, unit: 1, prev: null }], 0, 1) : [];
  for (let i = 1; i < L; i++) {
    const hl = lat.handoff[i - 1] as number;
    const he = en.handoff[i - 1] as number;
    const nl = lat.npu[i] as number;
    const ne = en.npu[i] as number;
    const toN: Label[] = [];
    for (const l of LN) toN.push({ cap: l.cap, lat: l.lat + nl, en: l.en + ne, unit: 0, prev: l });
    for (const l of LC) toN.push({ cap: l.cap, lat: l.lat + hl + nl, en: l.en + he + ne, unit: 0, prev: l });
    const toC: Label[] = [];
    if (fits(i)) {
      const w = lat.weight[i] as number;
      const cl = lat.cim[i] as number;
      const ce = en.cim[i] as number;
      for (const l of LN) if (l.cap + w <= cap) toC.push({ cap: l.cap + w, lat: l.lat + hl + cl, en: l.en + he + ce, unit: 1, prev: l });
      for (const l of LC) if (l.cap + w <= cap) toC.push({ cap: l.cap + w, lat: l.lat + cl, en: l.en + ce, unit: 1, prev: l });
    }
    LN = settle(toN, i, 0);
    LC = settle(toC, i, 1);
    states += LN.length + LC.length;
  }
  let best: Label | null = null;
  for (const l of [...LN, ...LC]) if (!best || l.lat * l.en < best.lat * best.en) best = l;
  if (!best) throw new Error('no feasible placement');
  const units = new Uint8Array(L);
  let i = L - 1;
  for (let l: Label | null = best; l; l = l.prev) units[i--] = l.unit;
  return { units, cost: best.lat * best.en, states };
}
