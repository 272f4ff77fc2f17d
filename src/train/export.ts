/**
 * Export of one subnet as a standalone TF.js graph model (SPEC §7): the weights are sliced from the
 * supernet, BatchNorm is folded into them with the subnet's recalibrated statistics, and the network
 * is written node by node as a TensorFlow GraphDef (`subnetGraph.ts`) that `tf.loadGraphModel` runs —
 * the same arithmetic as `forward` in eval mode, with no H4H code needed to use it.
 *
 * Input convention: `images` float32 [batch, H, W, C] with pixel values 0..255 (e.g.
 * `tf.browser.fromPixels(img).toFloat()`); the graph normalises them as the trainer does
 * (x / 127.5 − 1) and resizes to the subnet's resolution r (bilinear, no corner alignment, no half
 * pixel centres). Output `logits` [batch, classes], before softmax.
 */
import { maxOf } from '../core/numbers.js';
import * as tf from '@tensorflow/tfjs';
import type { Genome, SearchSpace } from '../core/types.js';
import type { BnStats, Params } from './supernet.js';
import { shapeAttr, GraphBuilder, type ConstData } from './graphBuilder.js';
import { INPUT_NAME, OUTPUT_NAME, SubnetGraph } from './subnetGraph.js';

export { INPUT_NAME, OUTPUT_NAME } from './subnetGraph.js';

export interface ExportOptions {
  /** input size in pixels; default the space's largest resolution (the dataset's native size) */
  readonly inputHeight?: number;
  readonly inputWidth?: number;
  /** dataset name and class names, recorded in the model's metadata */
  readonly dataset?: string;
  readonly classNames?: readonly string[];
}

const tensorInfo = (name: string, shape: readonly number[]): object => ({
  name: `${name}:0`,
  dtype: 'DT_FLOAT',
  tensorShape: shapeAttr(shape),
});

/**
 * Subnet `genome` of the supernet `params` as TF.js graph-model artifacts (`tf.loadGraphModel(
 * tf.io.fromMemory(artifacts))`), with BatchNorm folded in from `stats` (recalibrated for this
 * subnet; not disposed here). Reads the weights asynchronously, so it suits any backend.
 */
export async function exportSubnet(
  space: SearchSpace,
  params: Params,
  genome: Genome,
  stats: BnStats,
  opts: ExportOptions = {},
): Promise<tf.io.ModelArtifacts> {
  const rMax = maxOf(space.r);
  const inH = opts.inputHeight ?? rMax;
  const inW = opts.inputWidth ?? rMax;
  const b = new GraphBuilder();
  try {
    new SubnetGraph(b, space, params, stats).run(genome, inH, inW);
    const arrays = await Promise.all(b.consts.map((c) => (c.data instanceof tf.Tensor ? c.data.data() : Promise.resolve(c.data))));
    const bytes = arrays.reduce((sum, a) => sum + a.length * 4, 0);
    const weightData = new ArrayBuffer(bytes);
    let offset = 0;
    arrays.forEach((a, i) => {
      const c = b.consts[i] as ConstData;
      const typed = c.dtype === 'int32' ? Int32Array.from(a as ArrayLike<number>) : Float32Array.from(a as ArrayLike<number>);
      new Uint8Array(weightData, offset, typed.byteLength).set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
      offset += typed.byteLength;
    });
    const inputShape = [-1, inH, inW, space.inputChannels];
    return {
      modelTopology: { node: b.nodes, versions: { producer: 1482, minConsumer: 12 }, library: {} },
      weightSpecs: b.consts.map((c) => ({ name: c.name, shape: [...c.shape], dtype: c.dtype })),
      weightData,
      format: 'graph-model',
      generatedBy: 'H4H Explorer',
      convertedBy: `H4H Explorer subnet export (TensorFlow.js ${tf.version.tfjs})`,
      signature: {
        inputs: { [INPUT_NAME]: tensorInfo(INPUT_NAME, inputShape) },
        outputs: { [OUTPUT_NAME]: tensorInfo(OUTPUT_NAME, [-1, space.classes]) },
      },
      userDefinedMetadata: {
        generatedBy: 'H4H Explorer',
        space: space.id,
        genome: JSON.parse(JSON.stringify(genome)) as object,
        dataset: opts.dataset ?? space.dataset,
        ...(opts.classNames && opts.classNames.length > 0 ? { classNames: [...opts.classNames] } : {}),
        input: {
          name: INPUT_NAME,
          shape: inputShape,
          dtype: 'float32',
          range: [0, 255],
          normalisation: 'in the graph: x / 127.5 - 1',
          resolution: genome.r,
          resize:
            inH === genome.r && inW === genome.r
              ? 'none'
              : `in the graph: bilinear to ${genome.r}x${genome.r} (alignCorners false, halfPixelCenters false)`,
        },
        output: { name: OUTPUT_NAME, shape: [-1, space.classes], meaning: 'logits (apply softmax for probabilities)' },
      },
    };
  } finally {
    b.dispose();
  }
}

/** The two files a user saves: TF.js `model.json` and the weights file it refers to. */
export interface ExportedFiles {
  readonly 'model.json': string;
  readonly 'weights.bin': ArrayBuffer;
}

/**
 * Graph-model artifacts as files to download: `tf.loadGraphModel('…/model.json')` loads them when
 * both lie in one folder and the weights are saved as `weightsPath` (the path model.json names; the
 * model.json itself may be renamed). Distinct weights paths keep several exports in one folder apart.
 */
export function exportFiles(artifacts: tf.io.ModelArtifacts, weightsPath = 'weights.bin'): ExportedFiles {
  const data = artifacts.weightData;
  if (!(data instanceof ArrayBuffer)) throw new Error('export: expected the weights as one ArrayBuffer');
  const { modelTopology, format, generatedBy, convertedBy, signature, userDefinedMetadata } = artifacts;
  const weightsManifest = [{ paths: [weightsPath], weights: artifacts.weightSpecs ?? [] }];
  const json = { format, generatedBy, convertedBy, modelTopology, weightsManifest, signature, userDefinedMetadata };
  return { 'model.json': JSON.stringify(json), 'weights.bin': data };
}
