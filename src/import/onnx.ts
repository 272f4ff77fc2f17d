/**
 * An `.onnx` file as a layer list: decoded with `protobufjs` through `onnx-proto` (the static code
 * protobufjs generated from onnx.proto), the graph's nodes in their order become layers (graph.ts).
 * ONNX files rarely state every intermediate shape, so the shapes are carried through the graph
 * here, node by node, for the operators this reader knows (NCHW); small integer tensors that compute
 * shapes (Shape → Gather → Concat → Reshape, as exporters write them) are evaluated on the way.
 * This file decodes the file and walks the nodes; the values and their shape arithmetic are
 * `onnxValues.ts`, the operators that cost nothing `onnxOps.ts`, those that are layers `onnxLayers.ts`.
 */
import { MODEL_FILE_LIMITS } from './limits.js';
import * as onnxProto from 'onnx-proto';
import type { FeatureMap } from '../core/model/layers.js';
import { checkLayers, LayerSink, mostCommon, type ImportedNetwork, type Unsupported } from './graph.js';
import { readLayer, type Costing } from './onnxLayers.js';
import { foldConstant, passThroughOp, readConstant, readShapeOp, type OnnxNode, type OnnxOp } from './onnxOps.js';
import { declaredShape, nchwMap, num, tensorInts, typeBytes, type Value } from './onnxValues.js';

type Onnx = typeof onnxProto.onnx;
// a CommonJS module: Node's ESM loader puts its exports under `default`
export const onnx: Onnx =
  (onnxProto as unknown as { onnx?: Onnx }).onnx ?? (onnxProto as unknown as { default: { onnx: Onnx } }).default.onnx;

/** The largest `.onnx` file read. */
export const MAX_ONNX_BYTES = MODEL_FILE_LIMITS.network;

/** Whether bytes look like an ONNX model (a protobuf whose field 1, ir_version, comes first). */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[0] === 0x08;
}

export function importOnnx(bytes: Uint8Array, fallbackName: string): ImportedNetwork {
  try {
    return readOnnx(bytes, fallbackName);
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    // a file that decodes but holds nonsense fails somewhere inside: say so, not how
    throw new Error(message.startsWith('onnx: ') ? message : `onnx: the file is damaged (${message})`);
  }
}

type Graph = onnxProto.onnx.IGraphProto;

/** The graph's values known before its nodes (initializers, inputs, declared value infos) and the first input as a feature map. */
function graphValues(graph: Graph): { values: Map<string, Value>; input: FeatureMap | null } {
  const values = new Map<string, Value>();
  for (const t of graph.initializer ?? []) {
    const v: Value = { shape: (t.dims ?? []).map(num), bytes: typeBytes(t.dataType), constant: true };
    const ints = tensorInts(t);
    if (ints) v.ints = ints;
    values.set(t.name ?? '', v);
  }
  let input: FeatureMap | null = null;
  for (const i of graph.input ?? []) {
    if (!i.name || values.has(i.name)) continue; // an initializer listed as an input too (older exporters)
    const tt = i.type?.tensorType;
    const shape = declaredShape(tt?.shape?.dim ?? []);
    values.set(i.name, { shape, bytes: typeBytes(tt?.elemType), constant: false });
    input ??= nchwMap(shape);
  }
  for (const vi of graph.valueInfo ?? []) {
    const tt = vi.type?.tensorType;
    if (!tt?.shape || !vi.name || values.has(vi.name)) continue;
    values.set(vi.name, { shape: declaredShape(tt.shape.dim ?? []), bytes: typeBytes(tt.elemType), constant: false });
  }
  return { values, input };
}

/** A node as its readers see it: its inputs' values looked up, its attributes as numbers, its outputs recorded in `values`. */
function nodeOf(node: onnxProto.onnx.INodeProto, index: number, values: Map<string, Value>): OnnxNode {
  const op = node.opType ?? '';
  const outputs = node.output ?? [];
  const attributes = node.attribute ?? [];
  const attr = (name: string): onnxProto.onnx.IAttributeProto | undefined => attributes.find((a) => a.name === name);
  return {
    index,
    op,
    name: `${index}.${op.toLowerCase()}`,
    ins: (node.input ?? []).map((n) => (n ? values.get(n) : undefined)),
    attr,
    attrInts: (name) => {
      const a = attr(name);
      return a?.ints && a.ints.length > 0 ? a.ints.map(num) : undefined;
    },
    attrInt: (name, fallback) => {
      const a = attr(name);
      return a ? num(a.i) : fallback;
    },
    autoPad: () => {
      const bytes = attr('auto_pad')?.s;
      return bytes ? new TextDecoder().decode(bytes) : 'NOTSET';
    },
    setOut: (v, k = 0) => {
      const o = outputs[k];
      if (o) values.set(o, v);
    },
  };
}

/** An operator whose input is known, in this order: shape arithmetic on constants, a folded constant, an operator folded away, a layer. */
function readOp(n: OnnxOp, costing: Costing, passThrough: Record<string, number>): boolean {
  return readShapeOp(n) || foldConstant(n) || passThroughOp(n, passThrough) || readLayer(n, costing);
}

function readOnnx(bytes: Uint8Array, fallbackName: string): ImportedNetwork {
  if (bytes.length > MAX_ONNX_BYTES)
    throw new Error(`onnx: ${bytes.length.toLocaleString('en-US')} bytes, at most ${MAX_ONNX_BYTES.toLocaleString('en-US')} (64 MiB)`);
  let model: InstanceType<Onnx['ModelProto']>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`onnx: not an ONNX model, or a damaged one (${(e as Error).message})`);
  }
  const graph = model.graph;
  const nodes = graph?.node ?? [];
  if (!graph || nodes.length === 0) throw new Error('onnx: the file holds no graph (no nodes)');
  const { values, input } = graphValues(graph);
  const costing: Costing = { sink: new LayerSink(), weightBytes: [] };
  const actBytes: number[] = [];
  const unsupported: Unsupported[] = [];
  const passThrough: Record<string, number> = {};
  nodes.forEach((node, index) => {
    const n = nodeOf(node, index, values);
    const x = n.ins[0];
    if (x && !x.constant) actBytes.push(x.bytes);
    const read = n.op === 'Constant' ? readConstant(n) : x !== undefined && readOp({ ...n, x }, costing, passThrough);
    if (!read) unsupported.push({ index, op: n.op, node: node.name || node.output?.[0] || `node ${index}` });
  });
  const layers = costing.sink.layers;
  checkLayers(layers, 'onnx');
  return {
    name: graph.name || fallbackName,
    format: 'onnx',
    input: input ?? { h: 1, w: 1, c: 1 },
    layers,
    unsupported,
    passThrough,
    bytes: { weight: mostCommon(costing.weightBytes, 4), act: mostCommon(actBytes, 4) },
    notes: [],
  };
}
