/**
 * A small writer of TensorFlow GraphDef JSON, as tfjs-converter 4.22 reads it (attribute encodings
 * per its operation_mapper): nodes in order, and the constants they read, which become the weights.
 */
import * as tf from '@tensorflow/tfjs';

export type AttrValue = Record<string, unknown>;
export interface NodeDef {
  readonly name: string;
  readonly op: string;
  readonly input: readonly string[];
  readonly attr: Readonly<Record<string, AttrValue>>;
}
export interface ConstData {
  readonly name: string;
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly data: tf.Tensor | Float32Array | Int32Array;
}

export const FLOAT: AttrValue = { type: 'DT_FLOAT' };
export const INT: AttrValue = { type: 'DT_INT32' };
export const str = (s: string): AttrValue => ({ s: btoa(s) });
export const ints = (xs: readonly number[]): AttrValue => ({ list: { i: xs.map(String) } });
export const shapeAttr = (shape: readonly number[]): AttrValue => ({ dim: shape.map((d) => ({ size: String(d) })) });

/** Collects GraphDef nodes and the constants they read. */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly consts: ConstData[] = [];
  private readonly shared = new Map<string, string>();
  private scalars = 0;

  node(name: string, op: string, input: readonly string[], attr: Record<string, AttrValue>): string {
    this.nodes.push({ name, op, input, attr });
    return name;
  }

  /** An op on float32 tensors (`T` = float). */
  op(name: string, op: string, input: readonly string[], attr: Record<string, AttrValue> = {}): string {
    return this.node(name, op, input, { T: FLOAT, ...attr });
  }

  private constant(name: string, dtype: 'float32' | 'int32', shape: readonly number[], data: ConstData['data']): string {
    const t = dtype === 'float32' ? FLOAT : INT;
    this.consts.push({ name, dtype, shape, data });
    return this.node(name, 'Const', [], { dtype: t, value: { tensor: { dtype: t.type, tensorShape: shapeAttr(shape) } } });
  }

  /** A float constant holding `t` (a kept tensor: disposed by `dispose`). */
  weight(name: string, t: tf.Tensor): string {
    return this.constant(name, 'float32', t.shape, t);
  }

  /** A shared 1-D int32 constant (shapes, axes, permutations, sizes). */
  int32(values: readonly number[]): string {
    const name = `i32/${values.join('_')}`;
    if (!this.shared.has(name)) this.shared.set(name, this.constant(name, 'int32', [values.length], Int32Array.from(values)));
    return name;
  }

  /** A shared float scalar. */
  scalar(v: number): string {
    const key = `f32/${v}`;
    let name = this.shared.get(key);
    if (!name) {
      name = this.constant(`f32/${this.scalars++}`, 'float32', [], Float32Array.of(v));
      this.shared.set(key, name);
    }
    return name;
  }

  dispose(): void {
    for (const c of this.consts) if (c.data instanceof tf.Tensor) c.data.dispose();
  }
}
