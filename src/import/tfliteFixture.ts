/**
 * Writes small `.tflite` files with the flatc-generated builders: the tests' fixtures (every operator
 * kind the reader costs, and some it does not). Not used by the app.
 */
import { at } from '../core/at.js';
import * as flatbuffers from 'flatbuffers';
import { BatchMatMulOptions } from './tflite/generated/tflite/batch-mat-mul-options.js';
import { Buffer as TflBuffer } from './tflite/generated/tflite/buffer.js';
import { BuiltinOptions } from './tflite/generated/tflite/builtin-options.js';
import { Conv2DOptions } from './tflite/generated/tflite/conv2doptions.js';
import { DepthwiseConv2DOptions } from './tflite/generated/tflite/depthwise-conv2doptions.js';
import { Model } from './tflite/generated/tflite/model.js';
import { Operator } from './tflite/generated/tflite/operator.js';
import { OperatorCode } from './tflite/generated/tflite/operator-code.js';
import { Pool2DOptions } from './tflite/generated/tflite/pool2doptions.js';
import { SubGraph } from './tflite/generated/tflite/sub-graph.js';
import { Tensor } from './tflite/generated/tflite/tensor.js';

export interface FixtureTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** TFLite TensorType: 9 INT8 (default), 0 FLOAT32, 2 INT32 */
  readonly type?: number;
  /** a constant (weights): stored with this many bytes of data, or these int32 values */
  readonly bytes?: number;
  readonly ints?: readonly number[];
}

export type FixtureOptions =
  | { kind: 'conv'; padding: 0 | 1; sh: number; sw: number; dilation?: number }
  | { kind: 'dw'; padding: 0 | 1; sh: number; sw: number; multiplier: number }
  | { kind: 'pool'; padding: 0 | 1; sh: number; sw: number; kh: number; kw: number }
  | { kind: 'bmm'; adjX: boolean; adjY: boolean };

export interface FixtureOp {
  /** TFLite BuiltinOperator code (32 CUSTOM) */
  readonly code: number;
  readonly custom?: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly options?: FixtureOptions;
}

/** A `.tflite` file of one subgraph. */
export function buildTflite(spec: {
  name: string;
  tensors: readonly FixtureTensor[];
  ops: readonly FixtureOp[];
  inputs: readonly number[];
  outputs: readonly number[];
}): Uint8Array {
  const b = new flatbuffers.Builder(1024);
  // buffer 0 is the empty sentinel; each constant tensor gets its own
  const buffers: flatbuffers.Offset[] = [TflBuffer.createBuffer(b, 0, 0n, 0n)];
  const tensorOffsets = spec.tensors.map((t) => {
    let buffer = 0;
    if (t.bytes !== undefined || t.ints !== undefined) {
      const data = t.ints ? new Uint8Array(Int32Array.from(t.ints).buffer) : new Uint8Array(t.bytes ?? 0);
      b.startVector(1, data.length, 16);
      for (const v of data.slice().reverse()) b.addInt8(v); // flatbuffers build vectors back to front
      const vec = b.endVector();
      buffers.push(TflBuffer.createBuffer(b, vec, 0n, 0n));
      buffer = buffers.length - 1;
    }
    const name = b.createString(t.name);
    const shape = Tensor.createShapeVector(b, [...t.shape]);
    return Tensor.createTensor(b, shape, t.type ?? 9, buffer, name);
  });
  const codes: number[] = [];
  const codeKey: string[] = [];
  const opOffsets = spec.ops.map((op) => {
    const key = `${op.code}:${op.custom ?? ''}`;
    let index = codeKey.indexOf(key);
    if (index < 0) {
      codeKey.push(key);
      codes.push(op.code);
      index = codeKey.length - 1;
    }
    let type = BuiltinOptions.NONE;
    let options = 0;
    const o = op.options;
    if (o?.kind === 'conv') {
      type = BuiltinOptions.Conv2DOptions;
      options = Conv2DOptions.createConv2DOptions(b, o.padding, o.sw, o.sh, 0, o.dilation ?? 1, o.dilation ?? 1);
    } else if (o?.kind === 'dw') {
      type = BuiltinOptions.DepthwiseConv2DOptions;
      options = DepthwiseConv2DOptions.createDepthwiseConv2DOptions(b, o.padding, o.sw, o.sh, o.multiplier, 0, 1, 1);
    } else if (o?.kind === 'pool') {
      type = BuiltinOptions.Pool2DOptions;
      options = Pool2DOptions.createPool2DOptions(b, o.padding, o.sw, o.sh, o.kw, o.kh, 0);
    } else if (o?.kind === 'bmm') {
      type = BuiltinOptions.BatchMatMulOptions;
      options = BatchMatMulOptions.createBatchMatMulOptions(b, o.adjX, o.adjY);
    }
    const inputs = Operator.createInputsVector(b, [...op.inputs]);
    const outputs = Operator.createOutputsVector(b, [...op.outputs]);
    return Operator.createOperator(b, index, inputs, outputs, type, options, 0);
  });
  const codeOffsets = codeKey.map((key, i) => {
    const custom = key.split(':')[1] ? b.createString(key.split(':')[1] as string) : 0;
    const code = at(codes, i);
    return OperatorCode.createOperatorCode(b, Math.min(code, 127), custom, 1, code);
  });
  const tensors = SubGraph.createTensorsVector(b, tensorOffsets);
  const ops = SubGraph.createOperatorsVector(b, opOffsets);
  const inputs = SubGraph.createInputsVector(b, [...spec.inputs]);
  const outputs = SubGraph.createOutputsVector(b, [...spec.outputs]);
  const name = b.createString(spec.name);
  const graph = SubGraph.createSubGraph(b, tensors, inputs, outputs, ops, name);
  const model = Model.createModel(
    b,
    3,
    Model.createOperatorCodesVector(b, codeOffsets),
    Model.createSubgraphsVector(b, [graph]),
    b.createString(spec.name),
    Model.createBuffersVector(b, buffers),
  );
  b.finish(model, 'TFL3');
  return b.asUint8Array().slice();
}
