/**
 * A `.tflite` file (TensorFlow Lite flatbuffer, schema version 3) as a layer list: read with the
 * `flatbuffers` runtime through code flatc generated from `tflite/tflite.fbs` (no hand-written
 * decoding). The first subgraph's operators, in order, become layers (graph.ts). This file checks
 * the file and walks the graph; the operators are `tfliteOps.ts`.
 */
import { MODEL_FILE_LIMITS } from './limits.js';
import * as flatbuffers from 'flatbuffers';
import { checkLayers, featureMap, LayerSink, mostCommon, TFLITE_TYPE_BYTES, type ImportedNetwork, type Unsupported } from './graph.js';
import { Model } from './tflite/generated/tflite/model.js';
import type { SubGraph } from './tflite/generated/tflite/sub-graph.js';
import type { Tensor } from './tflite/generated/tflite/tensor.js';
import { ACTIVATIONS, OPS, readLayer, VIEWS, type TfliteOp, type TfliteTensors } from './tfliteOps.js';

/** The largest `.tflite` file read (a model of ~64 M int8 weights). */
export const MAX_TFLITE_BYTES = MODEL_FILE_LIMITS.network;

/** Whether bytes look like a TFLite flatbuffer (the "TFL3" identifier at byte 4). */
export function isTflite(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[4] === 0x54 && bytes[5] === 0x46 && bytes[6] === 0x4c && bytes[7] === 0x33;
}

/** Reads a `.tflite` file's first subgraph as a layer list; `name` names it where the file does not. */
export function importTflite(bytes: Uint8Array, name: string): ImportedNetwork {
  if (bytes.length > MAX_TFLITE_BYTES)
    throw new Error(`tflite: ${bytes.length.toLocaleString('en-US')} bytes, at most ${MAX_TFLITE_BYTES.toLocaleString('en-US')} (64 MiB)`);
  if (!isTflite(bytes)) throw new Error('tflite: not a TensorFlow Lite file (no "TFL3" identifier at byte 4)');
  let model: Model;
  let graph: SubGraph | null;
  try {
    model = Model.getRootAsModel(new flatbuffers.ByteBuffer(bytes));
    graph = model.subgraphsLength() > 0 ? model.subgraphs(0) : null;
  } catch (e) {
    throw new Error(`tflite: the file is damaged (${(e as Error).message})`);
  }
  // the runtime reads past the end of a truncated file as zeros: check that each table lies inside it
  const inside = (obj: { bb_pos: number } | null, what: string): void => {
    if (obj && (obj.bb_pos <= 0 || obj.bb_pos >= bytes.length))
      throw new Error(`tflite: the file is damaged (its ${what} lies past its end)`);
  };
  inside(graph, 'subgraph');
  if (!graph || model.subgraphsLength() === 0) throw new Error('tflite: the file is damaged or empty (no subgraph)');
  try {
    // a vector of offsets takes 4 bytes an entry: a longer one than the file can hold is damage
    for (const [what, n] of [
      ['tensors', graph.tensorsLength()],
      ['operators', graph.operatorsLength()],
      ['operator codes', model.operatorCodesLength()],
      ['buffers', model.buffersLength()],
    ] as const) {
      if (n * 4 > bytes.length)
        throw new Error(
          `tflite: the file is damaged (${n.toLocaleString('en-US')} ${what} in ${bytes.length.toLocaleString('en-US')} bytes)`,
        );
    }
    for (let i = 0; i < graph.tensorsLength(); i++) inside(graph.tensors(i), `tensor ${i}`);
    for (let i = 0; i < graph.operatorsLength(); i++) inside(graph.operators(i), `operator ${i}`);
    for (let i = 0; i < model.operatorCodesLength(); i++) inside(model.operatorCodes(i), `operator code ${i}`);
    return readGraph(model, graph, name);
  } catch (e) {
    // a truncated or corrupted flatbuffer reads past its end somewhere in the accessors
    if (e instanceof RangeError || e instanceof TypeError) throw new Error(`tflite: the file is damaged (${e.message})`);
    throw e;
  }
}

/** The graph's tensors as the operator readers see them, by index. */
function tensorsOf(model: Model, graph: SubGraph): TfliteTensors & { name(t: number): string } {
  const tensors: (Tensor | null)[] = [];
  for (let i = 0; i < graph.tensorsLength(); i++) tensors.push(graph.tensors(i));
  return {
    shapeOf: (t) => Array.from(tensors[t]?.shapeArray() ?? []),
    typeBytes: (t) => TFLITE_TYPE_BYTES[tensors[t]?.type() ?? 0] ?? 1,
    name: (t) => tensors[t]?.name() ?? `tensor ${t}`,
    constant: (t) => {
      const b = tensors[t]?.buffer() ?? 0;
      if (b <= 0 || b >= model.buffersLength()) return false;
      const buf = model.buffers(b);
      return !!buf && (buf.dataLength() > 0 || buf.size() > 0n);
    },
    ints: (t) => {
      const buf = model.buffers(tensors[t]?.buffer() ?? 0);
      const data = buf?.dataArray();
      if (!data || data.length % 4 !== 0) return [];
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      return Array.from({ length: data.length / 4 }, (_, i) => view.getInt32(4 * i, true));
    },
  };
}

/** An operator code's name: OPS's, `CUSTOM <code>`, or `BUILTIN <n>` for one OPS does not name. */
function opNameOf(model: Model, opcodeIndex: number): string {
  const code = model.operatorCodes(opcodeIndex);
  // codes past 127 live only in builtin_code; older files have only the deprecated byte
  const builtin = code ? Math.max(code.builtinCode(), code.deprecatedBuiltinCode()) : -1;
  return builtin === 32 ? `CUSTOM ${code?.customCode() ?? ''}`.trim() : (OPS[builtin] ?? `BUILTIN ${builtin}`);
}

function readGraph(model: Model, graph: SubGraph, fallbackName: string): ImportedNetwork {
  const tensors = tensorsOf(model, graph);
  const sink = new LayerSink();
  const unsupported: Unsupported[] = [];
  const passThrough: Record<string, number> = {};
  const weightBytes: number[] = [];
  const actBytes: number[] = [];
  const notes: string[] = [];

  for (let i = 0; i < graph.operatorsLength(); i++) {
    const op = graph.operators(i);
    if (!op) throw new Error(`tflite: the file is damaged (operator ${i} missing)`);
    const opName = opNameOf(model, op.opcodeIndex());
    const inputs = Array.from(op.inputsArray() ?? []).filter((t) => t >= 0);
    const outputs = Array.from(op.outputsArray() ?? []);
    const out0 = outputs[0] ?? -1;
    const in0 = inputs[0] ?? -1;
    const node = out0 >= 0 ? tensors.name(out0) : `operator ${i}`;
    const act = { weight: 1, act: in0 >= 0 ? tensors.typeBytes(in0) : 1 };
    if (in0 >= 0) actBytes.push(act.act);
    const o: TfliteOp = {
      index: i,
      name: `${i}.${opName.toLowerCase()}`,
      op,
      inputs,
      outputs,
      in0,
      out0,
      x: featureMap(in0 >= 0 ? tensors.shapeOf(in0) : []),
      y: featureMap(out0 >= 0 ? tensors.shapeOf(out0) : []),
      act,
      tensors,
      sink,
      weightBytes,
    };
    if (ACTIVATIONS.has(opName) || VIEWS.has(opName)) passThrough[opName] = (passThrough[opName] ?? 0) + 1;
    else if (!readLayer(opName, o)) unsupported.push({ index: i, op: opName, node });
  }
  checkLayers(sink.layers, 'tflite');
  const inputTensor = graph.inputsLength() > 0 ? (graph.inputs(0) ?? -1) : -1;
  if (model.subgraphsLength() > 1) notes.push(`the file has ${model.subgraphsLength()} subgraphs; the first (the main model) is costed`);
  return {
    name: graph.name() || model.description() || fallbackName,
    format: 'tflite',
    input: featureMap(inputTensor >= 0 ? tensors.shapeOf(inputTensor) : []),
    layers: sink.layers,
    unsupported,
    passThrough,
    bytes: { weight: mostCommon(weightBytes, 1), act: mostCommon(actBytes, 1) },
    notes,
  };
}
