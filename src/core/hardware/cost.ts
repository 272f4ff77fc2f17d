import { factorOf } from './calibration.js';
import type { HwParams } from './hardware.js';
import { taps } from '../model/layers.js';
import type { Bound, Layer, LayerCost, UnitCost } from '../types.js';

/** bytes / (GB/s) → µs */
const us = (bytes: number, gbps: number): number => bytes / (gbps * 1e3);
/** pJ → µJ */
const PJ = 1e-6;

/**
 * NPU MAC-array utilisation of an op with cIn → cOut channels (cIn per group for a grouped
 * convolution) and a kh × kw kernel (kw = kh unless given) (SPEC §4.1, Vela-style).
 */
export function utilisation(kind: Layer['kind'], cIn: number, cOut: number, k: number, kw = k): number {
  switch (kind) {
    case 'conv':
    case 'pwconv':
    case 'linear': {
      // Vela's two ways through a convolution's weights (ethos-u-vela npu_performance.py, the weight
      // encoder's choice): depth first, 32 input channels a step for every kernel element; or part
      // kernel first, 4 kernel elements × 8 input channels a step, which a few input channels favour
      const taps = k * kw;
      const depthFirst = cIn / (32 * Math.ceil(cIn / 32));
      const partKernel = taps > 1 ? (cIn / (8 * Math.ceil(cIn / 8))) * (taps / (4 * Math.ceil(taps / 4))) : 0;
      return Math.max(depthFirst, partKernel) * (cOut / (8 * Math.ceil(cOut / 8)));
    }
    case 'dwconv':
      return (8 * k * kw) / Math.ceil((k * kw) / 4) / 256;
    case 'matmul':
      return 0.5;
    default:
      return 0;
  }
}

function bound(c: number, w: number, a: number): Bound {
  return c >= w && c >= a ? 'compute' : w >= a ? 'weights' : 'activations';
}

/**
 * NPU cost of a layer, or of `nOut` of its output channels (for split execution).
 * A roofline: the slowest of compute, weight streaming and activation traffic, plus a fixed overhead.
 */
export function npuCost(layer: Layer, hw: HwParams, resident: boolean, nOut = layer.shape.cOut): UnitCost {
  const share = nOut / layer.shape.cOut;
  const macs = layer.macs * share;
  const weightBytes = resident ? 0 : layer.weightBytes * share;
  const actBytes = npuActBytes(layer, share);
  const computeUs = npuComputeUs(layer, hw, nOut);
  const weightsUs = weightBytes / (hw.npuWeightGBps * 1e3);
  const activationsUs = actBytes / (hw.npuSramGBps * 1e3);
  // measured correction factors of this layer kind (calibration.ts); the roofline terms stay the model's
  const f = factorOf(hw, layer.kind, 'npu');
  return {
    timeUs: (Math.max(computeUs, weightsUs, activationsUs) + hw.npuOverheadUs) * f.time,
    energyUj: (macs * hw.npuMacPj + weightBytes * hw.weightFetchPjPerByte + actBytes * hw.sramPjPerByte) * PJ * f.energy,
    bound: bound(computeUs, weightsUs, activationsUs),
    computeUs,
    weightsUs,
    activationsUs,
  };
}

/** Activation bytes of a share of a layer: a depthwise split divides its input too, others read it all. */
export const npuActBytes = (layer: Layer, share: number): number =>
  (layer.kind === 'dwconv' ? layer.inBytes * share : layer.inBytes) + layer.outBytes * share;

/** The utilisation of `nOut` of a layer's output channels: a depthwise share is its own input. */
export const npuUtilisation = (layer: Layer, nOut: number): number => {
  const { cIn, groups, kh, kw } = layer.shape;
  return utilisation(layer.kind, layer.kind === 'dwconv' ? nOut : cIn / groups, nOut, kh, kw);
};

/**
 * The NPU's output stage, after Vela's performance model (ethos-u-vela, architecture_features.py
 * `_generate_output_perf_tables` and npu_performance.py `_estimate_output_cycles_per_element`): every
 * op writes its output elements at a fixed number of cycles each, whatever its MACs. Times the MACs
 * per cycle P, Vela's tables give the same figure on every Ethos-U configuration (U55-32, -64, -128,
 * -256, U65-512): `OUTPUT_CYCLES_P` = 64 for a convolution, depthwise, pooling or fully connected op
 * with 32-bit accumulators and for the other element-wise ops (index 7: 2.0, 1.0, 0.5, 0.25, 0.125
 * cycles per element), `ADD_CYCLES_P` = 192 for an add or subtract (index 5, "advanced add/sub":
 * 6.0, 3.0, 1.5, 0.75, 0.375). Vela's activation table (ReLU: index 1) never exceeds index 7 there.
 */
const OUTPUT_CYCLES_P = 64;
const ADD_CYCLES_P = 192;

/**
 * Output-stage time of `share` of a layer's output, µs: output elements × cycles per element
 * (above). An element-wise layer reading two full operands is taken as an add (a residual add, the
 * commonest; Vela charges a multiply half as much); a copy, concat or reduction as index 7.
 */
export function npuOutputUs(layer: Layer, hw: HwParams, share: number): number {
  const perElement =
    (layer.kind === 'eltwise' && layer.inBytes >= 2 * layer.outBytes ? ADD_CYCLES_P : OUTPUT_CYCLES_P) / hw.npuMacsPerCycle;
  return (((layer.outBytes * share) / hw.bytesPerAct) * perElement) / hw.npuFreqMHz;
}

/**
 * NPU compute time: the MAC array (`macs / (P · util · f)`) and the output stage work on a layer's
 * blocks in a pipeline, so the slower of the two sets its time, as in Vela's `_estimate_conv_cycles`
 * (npu_performance.py: `max(cycles_dpu_blk, cycles_output_blk)` a block, times the blocks; the one
 * block the faster stage adds is left out). A layer without MACs is its output stage alone.
 */
function npuComputeUs(layer: Layer, hw: HwParams, nOut: number): number {
  const share = nOut / layer.shape.cOut;
  const outputUs = npuOutputUs(layer, hw, share);
  return layer.macs > 0
    ? Math.max((layer.macs * share) / (hw.npuMacsPerCycle * npuUtilisation(layer, nOut) * hw.npuFreqMHz), outputUs)
    : outputUs;
}

/** `npuCost(...).timeUs` without building the cost object: for searching splits. */
export function npuTimeUs(layer: Layer, hw: HwParams, resident: boolean, nOut: number): number {
  const share = nOut / layer.shape.cOut;
  const weightsUs = (resident ? 0 : layer.weightBytes * share) / (hw.npuWeightGBps * 1e3);
  return (
    (Math.max(npuComputeUs(layer, hw, nOut), weightsUs, npuActBytes(layer, share) / (hw.npuSramGBps * 1e3)) + hw.npuOverheadUs) *
    factorOf(hw, layer.kind, 'npu').time
  );
}

/** Whether a layer can run on a weight-stationary CIM macro. */
export const cimEligible = (layer: Layer): boolean =>
  layer.staticWeights &&
  layer.weights > 0 &&
  (layer.kind === 'conv' || layer.kind === 'dwconv' || layer.kind === 'pwconv' || layer.kind === 'linear');

/**
 * Tiles for `nOut` output channels of a grouped layer whose groups each map `rows` inputs to `cols`
 * outputs (a depthwise layer: kh·kw rows, one column per channel): block-diagonal packing puts
 * ⌊R/rows⌋ groups (as many as fit the columns too) in a tile; a group larger than the array spans
 * ⌈rows/R⌉ × ⌈cols·bytes/C⌉ tiles of its own. `whole` rounds up to whole tiles; otherwise the
 * fractional count (a lower bound).
 */
function groupTiles(nOut: number, rows: number, cols: number, hw: HwParams, whole: boolean): number {
  const groups = nOut / cols;
  const perTile = Math.min(Math.floor(hw.cimRows / rows), Math.floor(hw.cimCols / (cols * hw.bytesPerWeight)));
  if (perTile < 1) return Math.ceil(groups) * Math.ceil(rows / hw.cimRows) * Math.ceil((cols * hw.bytesPerWeight) / hw.cimCols);
  return whole ? Math.ceil(Math.ceil(groups) / perTile) : groups / perTile;
}

/**
 * The weight matrix a CIM macro holds for a layer: rows (inputs of one output channel) and, for a
 * grouped or depthwise layer, the output channels of one group (0 for a full layer).
 */
function cimMatrix(layer: Layer): { rows: number; groupCols: number } {
  const { cIn, cOut, groups } = layer.shape;
  const t = taps(layer.shape);
  if (layer.kind === 'dwconv') return { rows: t, groupCols: 1 };
  if (layer.kind === 'conv') return { rows: (t * cIn) / groups, groupCols: groups > 1 ? cOut / groups : 0 };
  return { rows: cIn, groupCols: 0 };
}

/** CIM compute time of `nOut` output channels on a unit of `macros` macros, µs. */
function cimComputeUs(layer: Layer, hw: HwParams, nOut: number, macros: number): number {
  const { rows: kRows, groupCols } = cimMatrix(layer);
  // a weight wider than a byte spans bytesPerWeight 8-bit columns
  const tiles =
    groupCols > 0
      ? groupTiles(nOut, kRows, groupCols, hw, true)
      : Math.ceil(kRows / hw.cimRows) * Math.ceil((nOut * hw.bytesPerWeight) / hw.cimCols);
  const vectors = layer.kind === 'linear' ? Math.max(1, layer.shape.tokens) : layer.shape.hOut * layer.shape.wOut;
  const rowTiles = Math.ceil(kRows / hw.cimRows);
  const partialSums = rowTiles > 1 ? Math.ceil(Math.log2(rowTiles)) : 0;
  return (vectors * Math.ceil(tiles / macros) * hw.cimCyclesPerMvm + vectors * partialSums) / hw.cimFreqMHz;
}

/** Activation bytes of a share of a layer on the CIM (each unit reads its whole input unless depthwise). */
export const cimActBytes = (layer: Layer, share: number): number =>
  (layer.kind === 'dwconv' ? layer.inBytes * share : layer.inBytes) + layer.outBytes * share;

/**
 * CIM cost of `nOut` of a layer's output channels on a compute unit of `macros` macros (defaults:
 * the whole layer on one unit of M/U macros). Weight-stationary: no weight traffic per inference.
 */
export function cimCost(
  layer: Layer,
  hw: HwParams,
  nOut = layer.shape.cOut,
  macros = Math.max(1, Math.floor(hw.cimMacros / hw.cimUnits)),
): UnitCost {
  const share = nOut / layer.shape.cOut;
  const actBytes = cimActBytes(layer, share);
  const computeUs = cimComputeUs(layer, hw, nOut, macros);
  const activationsUs = us(actBytes, hw.cimBufferGBps);
  const f = factorOf(hw, layer.kind, 'cim');
  return {
    timeUs: Math.max(computeUs, activationsUs) * f.time,
    energyUj: (layer.macs * share * hw.cimMacPj + actBytes * hw.cimBufferPjPerByte) * PJ * f.energy,
    bound: computeUs >= activationsUs ? 'compute' : 'activations',
    computeUs,
    weightsUs: 0,
    activationsUs,
  };
}

/** `cimCost(...).timeUs` without building the cost object: for searching splits. */
export function cimTimeUs(layer: Layer, hw: HwParams, nOut: number, macros: number): number {
  return (
    Math.max(cimComputeUs(layer, hw, nOut, macros), us(cimActBytes(layer, nOut / layer.shape.cOut), hw.cimBufferGBps)) *
    factorOf(hw, layer.kind, 'cim').time
  );
}

/**
 * A lower bound on the CIM compute time of the whole layer when its output channels are spread
 * perfectly over all U compute units (no rounding of tiles): a fraction s of the channels takes at
 * least s times this. Lets `parallel` skip splits that cannot pay.
 */
export function cimSpreadLowerBoundUs(layer: Layer, hw: HwParams): number {
  const macros = Math.max(1, Math.floor(hw.cimMacros / hw.cimUnits)) * hw.cimUnits;
  const { cOut } = layer.shape;
  const { rows, groupCols } = cimMatrix(layer);
  const vectors = layer.kind === 'linear' ? Math.max(1, layer.shape.tokens) : layer.shape.hOut * layer.shape.wOut;
  const tiles =
    groupCols > 0 ? groupTiles(cOut, rows, groupCols, hw, false) : Math.ceil(rows / hw.cimRows) * ((cOut * hw.bytesPerWeight) / hw.cimCols);
  return ((vectors * tiles * hw.cimCyclesPerMvm) / macros / hw.cimFreqMHz) * factorOf(hw, layer.kind, 'cim').time;
}

/**
 * Which layers the NPU keeps in its on-chip weight buffer: the first ones in layer order, up to the
 * first that does not fit (layers without weights need no room). A prefix, so that a larger buffer
 * keeps every layer a smaller one kept and no layer gets slower (issue 14: with first fit, skipping a
 * layer too large, a larger buffer could keep a different set and slow the NPU down).
 */
export function npuResidency(layers: readonly Layer[], hw: HwParams): boolean[] {
  const resident = new Array<boolean>(layers.length).fill(false);
  let free = hw.npuWeightBufferKiB * 1024;
  for (let i = 0; i < layers.length; i++) {
    const w = (layers[i] as Layer).weightBytes;
    if (w <= 0) continue;
    if (w > free) break;
    free -= w;
    resident[i] = true;
  }
  return resident;
}

/** Per-layer cost on both units and hand-off cost (SPEC §4.1). */
export function layerCosts(layers: readonly Layer[], hw: HwParams): LayerCost[] {
  const resident = npuResidency(layers, hw);
  return layers.map((layer, i) => {
    const isResident = resident[i] === true;
    const npu = npuCost(layer, hw, isResident);
    const cim = cimEligible(layer) ? cimCost(layer, hw) : null;
    const moved = (isResident ? 0 : layer.weightBytes) + layer.inBytes + layer.outBytes;
    return {
      npu,
      cim,
      npuResident: isResident,
      handoffUs: us(layer.outBytes, hw.linkGBps),
      handoffUj: layer.outBytes * hw.linkPjPerByte * PJ,
      intensity: moved > 0 ? layer.macs / moved : 0,
    };
  });
}

/** Static power of the whole system in mW: NPU + every CIM macro. */
export const staticPowerMw = (hw: HwParams): number => hw.npuStaticMw + hw.cimStaticMwPerMacro * hw.cimMacros;
/** Static energy in µJ over `latencyUs` (mW · µs = nJ). */
export const staticEnergyUj = (hw: HwParams, latencyUs: number): number => staticPowerMw(hw) * latencyUs * 1e-3;
