/**
 * Plain, JSON-safe data types shared by every part of the app (UI, workers, CLI).
 * Nothing here is a class: these objects cross the worker boundary, the URL and the CLI unchanged.
 */

/** Block type of one block slot: MBConv or transformer (ViT). */
export type BlockType = 'mb' | 'vit';

/** One stage of a subnet (SPEC §2.1). */
export interface StageGenome {
  /** output channels */
  readonly c: number;
  /** depth: number of active blocks */
  readonly d: number;
  /** depthwise kernel size */
  readonly k: number;
  /** MBConv expansion ratio */
  readonly e: number;
  /** one block type per active block; the first is always "mb" */
  readonly t: readonly BlockType[];
  /** transformer MLP ratio */
  readonly m: number;
}

/** A subnet: the genome JSON of SPEC §2.1 (a public interface: keep it stable). */
export interface Genome {
  readonly space: string;
  /** input resolution in pixels */
  readonly r: number;
  /** stem convolution width */
  readonly stem: number;
  /**
   * head width (NASViT's last 1×1, `last_conv.c`): a gene only of spaces with `head` choices; absent
   * means the space's `headConv` (for `nasvit`, 1792), and the canonical form leaves it out then
   */
  readonly head?: number;
  readonly stages: readonly StageGenome[];
}

/** Choices of one stage of a search space. */
export interface StageSpec {
  readonly name: string;
  readonly c: readonly number[];
  readonly d: readonly number[];
  readonly k: readonly number[];
  readonly e: readonly number[];
  /** MLP-ratio choices; meaningful only when the stage is hybrid */
  readonly m: readonly number[];
  /** whether blocks after the first may be transformers */
  readonly hybrid: boolean;
  readonly stride: number;
  /** squeeze-and-excitation in its MBConv blocks (NASViT's per-stage `se`; only with `blocks: 'nasvit'`) */
  readonly se?: boolean;
}

/** A search space: data, not code (SPEC §2). */
export interface SearchSpace {
  readonly id: string;
  readonly label: string;
  readonly dataset: string;
  /** image channels of the input (1 for Fashion-MNIST, 3 for RGB) */
  readonly inputChannels: number;
  readonly classes: number;
  readonly r: readonly number[];
  readonly stem: readonly number[];
  /** transformer head width: heads = c / headDim */
  readonly headDim: number;
  readonly stages: readonly StageSpec[];
  /** width of the 1×1 conv before pooling in the head; 0 = none (`blocks: 'nasvit'`: the 1×1 after pooling, the width a genome without `head` has) */
  readonly headConv: number;
  /** head-width choices (the genome's `head` gene; `blocks: 'nasvit'` only, `headConv` among them); absent: the head is fixed at `headConv` */
  readonly head?: readonly number[];
  /** block semantics: absent, SPEC §2.1's; 'nasvit', NASViT's code (`nasvitLayers.ts`) */
  readonly blocks?: 'nasvit';
}

export type LayerKind = 'conv' | 'dwconv' | 'pwconv' | 'linear' | 'matmul' | 'softmax' | 'norm' | 'eltwise' | 'pool';

/** Geometry of a layer, for display and for the CIM tiling. */
export interface LayerShape {
  readonly hIn: number;
  readonly wIn: number;
  readonly cIn: number;
  readonly hOut: number;
  readonly wOut: number;
  readonly cOut: number;
  /** kernel size (1 for pointwise and linear layers, 0 where not applicable; the larger side of a rectangular kernel) */
  readonly k: number;
  /** stride (the larger of the two for a rectangular one) */
  readonly stride: number;
  /** kernel height and width (a square kernel: both k; 0 where not applicable) */
  readonly kh: number;
  readonly kw: number;
  /** stride along the height and the width */
  readonly sh: number;
  readonly sw: number;
  /** convolution groups: 1 for a full convolution, the channel count for a depthwise one */
  readonly groups: number;
  /** tokens N, for token-wise layers (linear, matmul, norm on tokens); 0 otherwise */
  readonly tokens: number;
  /** attention heads, for matmul and softmax layers; 0 otherwise */
  readonly heads: number;
}

/** One layer of the layer list (SPEC §3). */
export interface Layer {
  readonly name: string;
  /** 0 = stem, 1..S = stages, S+1 = head */
  readonly stage: number;
  /** block index inside its stage (0-based); 0 for stem and head */
  readonly block: number;
  /** what the layer belongs to: 'stem' | 'mb' | 'vit' | 'head' | 'model' */
  readonly group: 'stem' | 'mb' | 'vit' | 'head' | 'model';
  readonly kind: LayerKind;
  readonly macs: number;
  /** number of weights (parameters counted by the product: no biases, no norms) */
  readonly weights: number;
  readonly weightBytes: number;
  readonly inBytes: number;
  readonly outBytes: number;
  /** false for activation × activation matmuls and a fused squeeze-and-excitation (nasvitLayers.ts `seLayer`): never placeable in a weight-stationary CIM */
  readonly staticWeights: boolean;
  readonly shape: LayerShape;
}

export type Unit = 'NPU' | 'CIM';
export type Bound = 'compute' | 'weights' | 'activations';
export type Placement = 'NPU' | 'CIM' | 'split';
export type SchemaId = 'npu' | 'cim' | 'hetero' | 'parallel';
export type HeteroObjective = 'latency' | 'energy' | 'edp';

/** Cost of one layer on one unit (SPEC §4.1). */
export interface UnitCost {
  readonly timeUs: number;
  readonly energyUj: number;
  readonly bound: Bound;
  /** time of each roofline term, µs (compute, weights, activations) */
  readonly computeUs: number;
  readonly weightsUs: number;
  readonly activationsUs: number;
}

/** Per-layer cost on both units plus the explanation the UI shows. */
export interface LayerCost {
  readonly npu: UnitCost;
  /** null when the layer cannot run on the CIM (not a static-weight conv/linear) */
  readonly cim: UnitCost | null;
  /** whether the NPU keeps this layer's weights in its on-chip buffer */
  readonly npuResident: boolean;
  /** hand-off of this layer's output across the link */
  readonly handoffUs: number;
  readonly handoffUj: number;
  /** MACs per byte moved (weights streamed + activations) */
  readonly intensity: number;
}

/** One bar of the placement timeline. `layer` indexes the layer list. */
export interface TimelineEvent {
  readonly unit: 'NPU' | 'CIM' | 'LINK';
  readonly layer: number;
  readonly startUs: number;
  readonly endUs: number;
  readonly energyUj: number;
  /** CIM compute unit (0-based) for CIM events */
  readonly cu?: number;
}

/** Result of one execution schema (SPEC §4.2). */
export interface ScheduleResult {
  readonly schema: SchemaId;
  readonly latencyMs: number;
  readonly energyUj: number;
  /** dynamic energy (layers + link) and static energy, µJ */
  readonly dynamicUj: number;
  readonly staticUj: number;
  readonly cimWeightBytes: number;
  readonly placement: readonly Placement[];
  /** built on first read and then kept (estimating many subnets builds none); `plainSchedule` for postMessage */
  readonly timeline: readonly TimelineEvent[];
  /** `hetero`: the objective it minimised */
  readonly objective?: HeteroObjective;
  /** `parallel`: output channels of each layer computed on the CIM (the rest on the NPU) */
  readonly cimChannels?: readonly number[];
}

/** Everything the estimator says about one network on one system. */
export interface Estimate {
  readonly macs: number;
  readonly params: number;
  readonly layers: readonly Layer[];
  readonly costs: readonly LayerCost[];
  readonly schemas: Readonly<Record<SchemaId, ScheduleResult>>;
}
