import { cimCost, npuCost } from '../hardware/cost.js';
import type { HwParams } from '../hardware/hardware.js';
import type { Layer, LayerCost, TimelineEvent } from '../types.js';

/**
 * The replay of a `parallel` placement (parallel.ts): the segments run one after another, each
 * layer's NPU and CIM parts at once, the link moving inputs and gathering outputs. Gives the
 * makespan and the dynamic energy, and the timeline's events when asked (built on first read).
 */

/**
 * Runs the segments: layer i with nCim[i] output channels on the CIM (spread over the compute units),
 * the rest on the NPU, its output gathered on `gather[i]` (0 NPU, 1 CIM). Records the events when asked.
 */
export function replay(
  layers: readonly Layer[],
  costs: readonly LayerCost[],
  hw: HwParams,
  nCim: readonly number[],
  gather: readonly number[],
  events: TimelineEvent[] | null,
): { makespan: number; dynamicUj: number } {
  const U = hw.cimUnits;
  const macrosPerCu = Math.max(1, Math.floor(hw.cimMacros / U));
  const perUs = 1 / (hw.linkGBps * 1e3);
  let t = 0;
  // the link's transfers are added where they happen (a closure doing it kept `dynamicUj` in a
  // heap context: every addition of the loop went through it)
  let dynamicUj = 0;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i] as Layer;
    const c = costs[i] as LayerCost;
    const cOut = layer.shape.cOut;
    const n = nCim[i] as number;
    const onN = n < cOut;
    const onC = n > 0;
    // where the input is: the previous layer's gather unit (the first layer's input is on both)
    const from = i > 0 ? (gather[i - 1] as number) : -1;
    let link = t;
    let startN = t;
    let startC = t;
    if (i > 0) {
      const prev = costs[i - 1] as LayerCost;
      if ((onN && from === 1) || (onC && from === 0)) {
        link = t + prev.handoffUs;
        events?.push({ unit: 'LINK', layer: i - 1, startUs: t, endUs: link, energyUj: prev.handoffUj });
        dynamicUj += prev.handoffUj;
        if (from === 1) startN = link;
        else startC = link;
      }
    }
    let endN = t;
    let endC = t;
    if (onN) {
      const uc = n === 0 ? c.npu : npuCost(layer, hw, c.npuResident, cOut - n);
      endN = startN + uc.timeUs;
      events?.push({ unit: 'NPU', layer: i, startUs: startN, endUs: endN, energyUj: uc.energyUj });
      dynamicUj += uc.energyUj;
    }
    if (onC) {
      const per = Math.ceil(n / U);
      for (let cu = 0, left = n; cu < U && left > 0; cu++, left -= per) {
        const uc = U === 1 && n === cOut ? (c.cim as NonNullable<LayerCost['cim']>) : cimCost(layer, hw, Math.min(per, left), macrosPerCu);
        endC = Math.max(endC, startC + uc.timeUs);
        events?.push({ unit: 'CIM', layer: i, startUs: startC, endUs: startC + uc.timeUs, energyUj: uc.energyUj, cu });
        dynamicUj += uc.energyUj;
      }
    }
    // the part on the other unit than the gather unit crosses the link
    const toNpu = gather[i] === 0;
    let end = toNpu ? endN : endC;
    if (toNpu ? onC : onN) {
      const moved = toNpu ? n : cOut - n;
      const start = Math.max(link, toNpu ? endC : endN);
      const stop = start + layer.outBytes * (moved / cOut) * perUs;
      const energyUj = moved === cOut ? c.handoffUj : layer.outBytes * (moved / cOut) * hw.linkPjPerByte * 1e-6;
      events?.push({ unit: 'LINK', layer: i, startUs: start, endUs: stop, energyUj });
      dynamicUj += energyUj;
      end = Math.max(end, stop);
    }
    t = end;
  }
  return { makespan: t, dynamicUj };
}

/** What `replayEvents` replays: a placement's channel counts and gather units on its layers. */
export interface ReplayInput {
  readonly layers: readonly Layer[];
  readonly costs: readonly LayerCost[];
  readonly hw: HwParams;
  readonly nCim: readonly number[];
  readonly gather: readonly number[];
}

/** The timeline's events of a placement (see `replay`). */
export function replayEvents(r: ReplayInput): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  replay(r.layers, r.costs, r.hw, r.nCim, r.gather, events);
  return events;
}
