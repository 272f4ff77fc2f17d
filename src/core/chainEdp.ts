import { chainCost, solveChain, type Chain } from './chain.js';

/**
 * Exact energy·delay-optimal placement. EDP is not additive, so labels keep (bytes used, latency,
 * energy) and only labels dominated in all three are dropped; the bound and slack prunings of
 * `solveChain` carry over (the bound uses the separate latency and energy optima of the rest).
 * `lat` and `en` must describe the same chain (same weights and capacity).
 */
export function solveChainEdp(lat: Chain, en: Chain): { units: Uint8Array; cost: number; states: number } {
  const L = lat.npu.length;
  const cap = lat.capacity;
  const fits = (i: number): boolean => Number.isFinite(lat.cim[i] as number) && (lat.weight[i] as number) <= cap;
  interface Label { cap: number; lat: number; en: number; unit: 0 | 1; prev: Label | null }

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
  const restW = new Float64Array(L);
  for (let i = L - 2; i >= 0; i--) restW[i] = (restW[i + 1] as number) + (fits(i + 1) ? (lat.weight[i + 1] as number) : 0);

  const edpOf = (u: Uint8Array): number => chainCost(lat, u) * chainCost(en, u);
  const ub = Math.min(edpOf(new Uint8Array(L)), edpOf(solveChain(lat).units), edpOf(solveChain(en).units));

  let states = 0;
  const settle = (cands: Label[], i: number, unit: 0 | 1): Label[] => {
    const thr = cap - (restW[i] as number);
    const rl = unit === 0 ? (latN[i] as number) : (latC[i] as number);
    const re = unit === 0 ? (enN[i] as number) : (enC[i] as number);
    const kept: Label[] = [];
    const sorted = cands
      .filter((l) => (l.lat + rl) * (l.en + re) <= ub * (1 + 1e-9))
      .map((l) => (l.cap < thr ? { ...l, cap: thr } : l))
      .sort((a, b) => a.cap - b.cap || a.lat - b.lat || a.en - b.en);
    for (const l of sorted) {
      if (kept.some((k) => k.lat <= l.lat && k.en <= l.en)) continue;
      kept.push(l);
    }
    return kept;
  };

  let LN = settle([{ cap: 0, lat: lat.npu[0] as number, en: en.npu[0] as number, unit: 0, prev: null }], 0, 0);
  let LC = fits(0) ? settle([{ cap: lat.weight[0] as number, lat: lat.cim[0] as number, en: en.cim[0] as number, unit: 1, prev: null }], 0, 1) : [];
  for (let i = 1; i < L; i++) {
    const hl = lat.handoff[i - 1] as number;
    const he = en.handoff[i - 1] as number;
    const nl = lat.npu[i] as number;
    const ne = en.npu[i] as number;
    const toN: Label[] = [
      ...LN.map((l): Label => ({ cap: l.cap, lat: l.lat + nl, en: l.en + ne, unit: 0, prev: l })),
      ...LC.map((l): Label => ({ cap: l.cap, lat: l.lat + hl + nl, en: l.en + he + ne, unit: 0, prev: l })),
    ];
    let toC: Label[] = [];
    if (fits(i)) {
      const w = lat.weight[i] as number;
      const cl = lat.cim[i] as number;
      const ce = en.cim[i] as number;
      toC = [
        ...LN.filter((l) => l.cap + w <= cap).map((l): Label => ({ cap: l.cap + w, lat: l.lat + hl + cl, en: l.en + he + ce, unit: 1, prev: l })),
        ...LC.filter((l) => l.cap + w <= cap).map((l): Label => ({ cap: l.cap + w, lat: l.lat + cl, en: l.en + ce, unit: 1, prev: l })),
      ];
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
