import { cimCost, cimSpreadLowerBoundUs, cimTimeUs, npuCost, npuTimeUs, staticEnergyUj } from './cost.js';
import type { HwParams } from './hardware.js';
import { plainSchedule, type PlainSchedule } from './schedule.js';
import type { Layer, LayerCost, Placement, ScheduleResult, TimelineEvent } from './types.js';

/**
 * `parallel` (SPEC §4.2): the `hetero` placement, list-scheduled on a two-resource timeline (NPU,
 * CIM with U compute units, and the link). Each CIM layer may split its output channels between the
 * NPU and the CIM, and its CIM share is spread over the U compute units, which run concurrently.
 * Every layer takes the option that makes its output ready earliest on the unit of the next layer;
 * the unsplit `hetero` choice is always among the options, so `parallel` is never slower than `hetero`.
 */
export function scheduleParallel(layers: readonly Layer[], costs: readonly LayerCost[], hw: HwParams, hetero: ScheduleResult): ScheduleResult {
  const U = hw.cimUnits;
  const macrosPerCu = Math.max(1, Math.floor(hw.cimMacros / U));
  const linkUs = (bytes: number): number => bytes / (hw.linkGBps * 1e3);
  const linkUj = (bytes: number): number => bytes * hw.linkPjPerByte * 1e-6;

  const placement: Placement[] = [];
  const cimChannels: number[] = [];

  /**
   * One pass over the layers. The first pass chooses the splits and keeps no events; replaying it
   * with those splits fixed (`fixed`) yields the same schedule and records its events.
   */
  const run = (events: TimelineEvent[] | null, fixed: readonly number[] | null): { makespan: number; dynamicUj: number } => {
    // committed state: lanes free from, and where the previous layer's output is (bytes, ready time)
    let npuFree = 0;
    let cimFree = 0;
    let linkFree = 0;
    let bytesN = 0;
    let readyN = 0;
    let bytesC = 0;
    let readyC = 0;
    let dynamicUj = 0;

    let link = 0;

    /** Brings layer i's input to a unit: the part produced on the other unit crosses the link. */
    const inputOn = (i: number, npu: boolean, commit: boolean): number => {
      const own = npu ? bytesN : bytesC;
      const other = npu ? bytesC : bytesN;
      let ready = own > 0 ? (npu ? readyN : readyC) : 0;
      if (other > 0) {
        const start = Math.max(link, npu ? readyC : readyN);
        link = start + linkUs(other);
        if (commit) {
          events?.push({ unit: 'LINK', layer: Math.max(0, i - 1), startUs: start, endUs: link, energyUj: linkUj(other) });
          dynamicUj += linkUj(other);
        }
        ready = Math.max(ready, link);
      }
      return ready;
    };

    /** Runs layer i with nCim of its output channels on the CIM: records the events, moves the state on. */
    const commit = (i: number, nCim: number): void => {
      const layer = layers[i] as Layer;
      const c = costs[i] as LayerCost;
      const cOut = layer.shape.cOut;
      link = linkFree;
      let endN = 0;
      let endC = 0;
      if (nCim < cOut) {
        const start = Math.max(npuFree, inputOn(i, true, true));
        const uc = nCim === 0 ? c.npu : npuCost(layer, hw, c.npuResident, cOut - nCim);
        endN = start + uc.timeUs;
        events?.push({ unit: 'NPU', layer: i, startUs: start, endUs: endN, energyUj: uc.energyUj });
        dynamicUj += uc.energyUj;
      }
      if (nCim > 0) {
        const start = Math.max(cimFree, inputOn(i, false, true));
        const per = Math.ceil(nCim / U);
        endC = start;
        for (let cu = 0, left = nCim; cu < U && left > 0; cu++, left -= per) {
          const uc = U === 1 && nCim === cOut ? (c.cim as NonNullable<LayerCost['cim']>) : cimCost(layer, hw, Math.min(per, left), macrosPerCu);
          endC = Math.max(endC, start + uc.timeUs);
          events?.push({ unit: 'CIM', layer: i, startUs: start, endUs: start + uc.timeUs, energyUj: uc.energyUj, cu });
          dynamicUj += uc.energyUj;
        }
      }
      if (nCim < cOut) npuFree = endN;
      if (nCim > 0) cimFree = endC;
      linkFree = link;
      bytesN = layer.outBytes * ((cOut - nCim) / cOut);
      readyN = endN;
      bytesC = layer.outBytes * (nCim / cOut);
      readyC = endC;
    };

    /**
     * How many of layer i's output channels to compute on the CIM (the rest on the NPU, in parallel):
     * the count that makes the output ready earliest on the next layer's unit; all of them unless a
     * split pays.
     */
    const chooseChannels = (i: number, toNpu: boolean): number => {
      const layer = layers[i] as Layer;
      const c = costs[i] as LayerCost;
      const cOut = layer.shape.cOut;
      if (cOut < 2) return cOut;
      // all channels on the CIM (the unsplit hetero choice, spread over the compute units)
      link = linkFree;
      const endAll = Math.max(cimFree, inputOn(i, false, false)) + (U === 1 ? (c.cim as NonNullable<LayerCost['cim']>).timeUs : cimTimeUs(layer, hw, Math.ceil(cOut / U), macrosPerCu));
      const best = toNpu ? Math.max(link, endAll) + linkUs(layer.outBytes) : endAll;
      // any split needs the input on both units; these start times do not depend on the split
      link = linkFree;
      const startN = Math.max(npuFree, inputOn(i, true, false));
      const startC = Math.max(cimFree, inputOn(i, false, false));
      const linkReady = link;
      // lower bound of any split: the NPU part takes at least its overhead plus its share of the full
      // layer's roofline at perfect utilisation (a non-depthwise part reads the whole input), the CIM
      // part its share of a perfect spread; the part on the wrong side of the next layer crosses the link
      // and at least the time of a single tile
      const dwSplit = layer.kind === 'dwconv';
      const xfer = linkUs(layer.outBytes);
      const aN = Math.max(layer.macs / (hw.npuMacsPerCycle * hw.npuFreqMHz), c.npu.weightsUs, dwSplit ? c.npu.activationsUs : 0) + (toNpu ? 0 : xfer);
      const xC = toNpu ? xfer : 0;
      const bC = cimSpreadLowerBoundUs(layer, hw) + xC;
      const n0 = startN + hw.npuOverheadUs;
      const sMin = 1 / cOut;
      const bound = Math.max(
        n0 + (dwSplit ? 0 : layer.inBytes / (hw.npuSramGBps * 1e3)),
        crossing(n0, aN, startC, bC, sMin),
        crossing(n0, aN, startC + cimTimeUs(layer, hw, 1, macrosPerCu), xC, sMin),
      );
      if (bound >= best) return cOut;
      // first guess: where the NPU part's real roofline slope meets the CIM part (a single-tile floor,
      // or the full layer's time spread over the units)
      const slopeN = c.npu.timeUs - hw.npuOverheadUs + (toNpu ? 0 : xfer);
      const fullC = U === 1 ? (c.cim as NonNullable<LayerCost['cim']>).timeUs : cimTimeUs(layer, hw, Math.ceil(cOut / U), macrosPerCu);
      const s1 = (n0 + slopeN - startC - cimTimeUs(layer, hw, 1, macrosPerCu)) / (slopeN + xC || 1);
      const s2 = (n0 + slopeN - startC) / (slopeN + fullC + xC || 1);
      const share = Math.min(1 - sMin, Math.max(sMin, Math.min(s1, s2)));
      return bestSplit({ layer, hw, resident: c.npuResident, units: U, macrosPerCu, startN, startC, linkReady, toNpu, best, guess: Math.round(cOut * share) });
    };

    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i] as Layer;
      const here = hetero.placement[i];
      const toNpu = (hetero.placement[i + 1] ?? here) === 'NPU';
      let nCim = 0;
      if (here !== 'CIM' && bytesC === 0) {
        // fast path: an NPU layer whose input is already all on the NPU
        const c = costs[i] as LayerCost;
        const start = Math.max(npuFree, bytesN > 0 ? readyN : 0);
        npuFree = start + c.npu.timeUs;
        events?.push({ unit: 'NPU', layer: i, startUs: start, endUs: npuFree, energyUj: c.npu.energyUj });
        dynamicUj += c.npu.energyUj;
        bytesN = layer.outBytes;
        readyN = npuFree;
        readyC = 0;
        if (!fixed) {
          cimChannels.push(0);
          placement.push('NPU');
        }
        continue;
      }
      if (here === 'CIM') nCim = fixed ? (fixed[i] as number) : chooseChannels(i, toNpu);
      commit(i, nCim);
      if (!fixed) {
        cimChannels.push(nCim);
        placement.push(nCim === 0 ? 'NPU' : nCim === layer.shape.cOut ? 'CIM' : 'split');
      }
    }
    return { makespan: Math.max(npuFree, cimFree, linkFree), dynamicUj };
  };

  const { makespan, dynamicUj } = run(null, null);

  const staticUj = staticEnergyUj(hw, makespan);
  // the events come from replaying the pass with the chosen splits, on first read
  return new ParallelSchedule(makespan / 1000, dynamicUj + staticUj, dynamicUj, staticUj, hetero.cimWeightBytes, placement, cimChannels, () => {
    const events: TimelineEvent[] = [];
    run(events, cimChannels);
    return events;
  });
}

/** A `parallel` schedule; its timeline is built on first read (see `SequentialSchedule`). */
class ParallelSchedule implements ScheduleResult {
  readonly schema = 'parallel';
  #events: TimelineEvent[] | undefined;
  readonly #replay: () => TimelineEvent[];
  constructor(
    readonly latencyMs: number,
    readonly energyUj: number,
    readonly dynamicUj: number,
    readonly staticUj: number,
    readonly cimWeightBytes: number,
    readonly placement: readonly Placement[],
    readonly cimChannels: readonly number[],
    replay: () => TimelineEvent[],
  ) {
    this.#replay = replay;
  }
  get timeline(): readonly TimelineEvent[] {
    return (this.#events ??= this.#replay());
  }
  toJSON(): PlainSchedule {
    return plainSchedule(this);
  }
}

/** min over the CIM share s ∈ [sMin, 1 − sMin] of max(a + da·(1 − s), b + db·s): where the lines cross. */
function crossing(a: number, da: number, b: number, db: number, sMin: number): number {
  const t = Math.min(1 - sMin, Math.max(sMin, (a + da - b) / (da + db || 1)));
  return Math.max(a + da * (1 - t), b + db * t);
}

/** A layer about to be split, with the start times that do not depend on the split. */
interface SplitProblem {
  readonly layer: Layer;
  readonly hw: HwParams;
  readonly resident: boolean;
  readonly units: number;
  readonly macrosPerCu: number;
  readonly startN: number;
  readonly startC: number;
  /** when the link is free after the input transfers */
  readonly linkReady: number;
  readonly toNpu: boolean;
  /** readiness of the unsplit choice: a split must beat it */
  readonly best: number;
  readonly guess: number;
}

/**
 * The CIM channel count whose split makes the output ready earliest on the next unit, or all
 * channels when no split beats `best`. With n channels on the CIM, the NPU part's readiness falls
 * and the CIM part's rises with n, so the best split is where they cross: gallop from the guess,
 * then bisect; every count tried is a candidate.
 */
function bestSplit(p: SplitProblem): number {
  const { layer, hw, toNpu, startN, startC, linkReady } = p;
  const cOut = layer.shape.cOut;
  const perUs = 1 / (hw.linkGBps * 1e3);
  let best = p.best;
  let bestN = cOut;
  let crossedLast = false;
  const evaluate = (n: number): boolean => {
    const endN = startN + npuTimeUs(layer, hw, p.resident, cOut - n);
    const endC = startC + cimTimeUs(layer, hw, Math.ceil(n / p.units), p.macrosPerCu);
    const sideN = toNpu ? endN : Math.max(linkReady, endN) + layer.outBytes * ((cOut - n) / cOut) * perUs;
    const sideC = toNpu ? Math.max(linkReady, endC) + layer.outBytes * (n / cOut) * perUs : endC;
    const r = Math.max(sideN, sideC);
    if (r < best - 1e-9) {
      best = r;
      bestN = n;
    }
    crossedLast = sideC >= sideN;
    return crossedLast;
  };
  const g = Math.min(cOut - 1, Math.max(1, p.guess));
  let lo = 1;
  let hi = cOut - 1;
  let hiSeen = false;
  if (evaluate(g)) {
    hi = g;
    hiSeen = true;
    for (let step = 1; g - step >= lo; step *= 2) {
      if (!evaluate(g - step)) {
        lo = g - step + 1;
        break;
      }
      hi = g - step;
    }
  } else {
    lo = g + 1;
    for (let step = 1; g + step <= hi; step *= 2) {
      if (evaluate(g + step)) {
        hi = g + step;
        hiSeen = true;
        break;
      }
      lo = g + step + 1;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (evaluate(mid)) {
      hi = mid;
      hiSeen = true;
    } else lo = mid + 1;
  }
  if (!hiSeen && hi >= 1) evaluate(hi);
  return bestN;
}
