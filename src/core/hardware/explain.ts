import { cimCapacityBytes, type HwParams } from './hardware.js';
import type { Layer, LayerCost, ScheduleResult } from '../types.js';

const fmtUs = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;

/** One plain-language line on what limits a layer on each unit (the roofline bound and its terms). */
export function explainLayer(layer: Layer, cost: LayerCost): string {
  const { npu, cim } = cost;
  const terms = `compute ${fmtUs(npu.computeUs)} µs, weights ${fmtUs(npu.weightsUs)} µs, activations ${fmtUs(npu.activationsUs)} µs`;
  const n = `NPU ${npu.bound}-bound (${terms})`;
  if (cim) return `${n}; CIM ${cim.bound}-bound (${fmtUs(cim.timeUs)} µs)`;
  return `${n}; not on CIM (${notOnCim(layer)})`;
}

const notOnCim = (l: Layer): string =>
  l.kind === 'matmul'
    ? 'activation × activation: no static weights'
    : l.weights > 0
      ? 'fused with NPU-only ops (squeeze-and-excitation): runs where its activations are'
      : `${l.kind} has no weight matrix`;

/** Per-layer reason for the placement a schema chose, in one line each. */
export function explainPlacement(layers: readonly Layer[], costs: readonly LayerCost[], result: ScheduleResult, hw: HwParams): string[] {
  const capacity = cimCapacityBytes(hw);
  let free = capacity;
  return layers.map((l, i) => {
    const c = costs[i] as LayerCost;
    const unit = result.placement[i];
    if (!c.cim) return `on NPU: ${notOnCim(l)}`;
    const n = c.npu.timeUs;
    const m = c.cim.timeUs;
    switch (result.schema) {
      case 'npu':
        return 'on NPU: the baseline runs every layer on the NPU';
      case 'cim':
        if (unit === 'CIM') {
          free -= l.weightBytes;
          return `on CIM: CIM first; ${kib(l.weightBytes)} of weights fit (${kib(free)} left)`;
        }
        return `on NPU: ${kib(l.weightBytes)} of weights do not fit in the ${kib(free)} of CIM left`;
      case 'hetero': {
        const what = result.objective === 'energy' ? 'energy' : result.objective === 'edp' ? 'energy·delay' : 'latency';
        if (unit === 'CIM')
          return `on CIM: ${fmtUs(m)} µs vs ${fmtUs(n)} µs on the NPU (${c.npu.bound}-bound there); best ${what} with hand-offs`;
        if (l.weightBytes > capacity) return `on NPU: ${kib(l.weightBytes)} of weights exceed the whole CIM (${kib(capacity)})`;
        const fits = result.cimWeightBytes + l.weightBytes <= capacity;
        if (!fits) return `on NPU: CIM is full — its ${kib(capacity)} hold layers that save more ${what} (exact optimum)`;
        if (result.objective !== 'latency' && result.objective !== undefined)
          return `on NPU: the exact ${what} optimum keeps it here, hand-offs and its neighbours included`;
        if (m >= n) return `on NPU: ${fmtUs(n)} µs vs ${fmtUs(m)} µs on CIM`;
        // CIM is faster alone: what moving just this layer would add in hand-offs
        const inUs = i > 0 ? (costs[i - 1] as LayerCost).handoffUs : 0;
        const outUs = c.handoffUs;
        const prevCim = result.placement[i - 1] === 'CIM';
        const nextCim = result.placement[i + 1] === 'CIM';
        const extra = (prevCim ? -inUs : i > 0 ? inUs : 0) + (nextCim ? -outUs : i < layers.length - 1 ? outUs : 0);
        return `on NPU: CIM would save ${fmtUs(n - m)} µs but moving it adds ${fmtUs(extra)} µs of hand-offs between the units`;
      }
      case 'parallel': {
        const ch = result.cimChannels?.[i] ?? 0;
        if (unit === 'split') return `split: ${ch} of ${l.shape.cOut} output channels on CIM, ${l.shape.cOut - ch} on the NPU, in parallel`;
        if (unit === 'CIM')
          return hw.cimUnits > 1
            ? `on CIM: output channels spread over ${Math.min(hw.cimUnits, l.shape.cOut)} compute units`
            : `on CIM: splitting with the NPU would not finish sooner`;
        return l.weightBytes > capacity
          ? `on NPU: weights exceed the CIM`
          : 'on NPU: the fastest choice here, hand-offs included (weights not held in CIM)';
      }
    }
  });
}
