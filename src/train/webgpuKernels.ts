/**
 * The fused training kernels of `cpuKernels.ts` for TF.js's WebGPU backend: training BatchNorm
 * (`H4hBatchNormTrain` → y, x̂, 1/σ), its gradient (`H4hBatchNormTrainGrad` → dx, dγ, dβ) and ReLU6's
 * gradient (`H4hRelu6Grad`). On a GPU a training step is bound by its kernel dispatches, not its
 * arithmetic: the composite BatchNorm (`supernet.ts`: fill, two matMuls for the statistics, a dozen
 * element-wise ops, and as many again in its gradient) is about 20 dispatches per BatchNorm, these are
 * 7 (forward 4, gradient 3), and ReLU6's gradient is 1 instead of 5.
 *
 * Each is a WGSL program run through the backend's `runWebGPUProgram`, written against its program
 * interface (tfjs-backend-webgpu's `WebGPUProgram`: the backend adds the buffers `result` and one per
 * variable name, and the uniforms `<name>Shape`, `outShape` and `size`). Nothing here touches the CPU
 * backend: `supernet.ts` takes the fused path where `tf.getKernel(name, backend)` exists
 * (`hasFusedBatchNorm`), and these are registered for 'webgpu' only. Statistics are summed in float32
 * (per thread, then a tree in workgroup memory), so results agree with the CPU's float64 sums to
 * float32 rounding, not bit for bit; e2e/webgpuKernels.spec.ts compares them on SwiftShader.
 */
import { at } from '../core/at.js';
import * as tf from '@tensorflow/tfjs';
import { BN_TRAIN, BN_TRAIN_GRAD, RELU6_GRAD } from './cpuKernels.js';

/** The part of tfjs-backend-webgpu's `WebGPUProgram` these programs fill in. */
interface Program {
  readonly variableNames: string[];
  readonly outputShape: number[];
  shaderKey: string;
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number];
  readonly size?: boolean;
  getUserCode(): string;
}

interface WebGpuBackendLike {
  runWebGPUProgram(program: Program, inputs: tf.TensorInfo[], dtype: 'float32'): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

type KernelFunc = tf.KernelConfig['kernelFunc'];
type Args = Parameters<KernelFunc>[0];

const BN_EPS = 1e-5;
/** threads of a column reduction's workgroup (one workgroup per channel) */
const REDUCE_THREADS = 64;
const ELEMENTWISE_THREADS = 128;

type ColumnReduction = 'mean' | 'inv' | 'sum' | 'dot';

/**
 * A per-channel sum over the rows of a [rows, c] tensor (its first input): one workgroup per channel,
 * each thread sums every REDUCE_THREADS-th row, then a tree in workgroup memory.
 *   mean: Σx/rows;  inv (x, mean): 1/√(Σ(x−μ)²/rows + ε);  sum: Σx;  dot (x, y): Σx·y
 */
function columnReduction(kind: ColumnReduction, c: number): Program {
  const variableNames = kind === 'inv' ? ['x', 'mean'] : kind === 'dot' ? ['x', 'y'] : ['x'];
  // the mean is summed about the channel's first value (exact for a constant channel, as the CPU's
  // float64 sum is: x̂ is then exactly 0 there, and ReLU6's mask after it agrees with the CPU's)
  const term =
    kind === 'inv' ? '(x[i] - mean[ch]) * (x[i] - mean[ch])' : kind === 'dot' ? 'x[i] * y[i]' : kind === 'mean' ? '(x[i] - x[ch])' : 'x[i]';
  const final =
    kind === 'mean' ? 'x[ch] + total / f32(rows)' : kind === 'inv' ? `1.0 / sqrt(total / f32(rows) + ${BN_EPS.toExponential()})` : 'total';
  return {
    variableNames,
    outputShape: [c],
    shaderKey: `h4h_column_${kind}`,
    dispatchLayout: { x: [0] },
    dispatch: [c, 1, 1],
    workgroupSize: [REDUCE_THREADS, 1, 1],
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${REDUCE_THREADS}>;
      fn main(index : i32) {
        let ch = index / ${REDUCE_THREADS};
        let rows = uniforms.xShape.x;
        let c = uniforms.xShape.y;
        var acc = 0.0;
        for (var r = i32(localId.x); r < rows; r = r + ${REDUCE_THREADS}) {
          let i = r * c + ch;
          acc = acc + ${term};
        }
        partial[localId.x] = acc;
        workgroupBarrier();
        for (var s = ${REDUCE_THREADS / 2}u; s > 0u; s = s >> 1u) {
          if (localId.x < s) {
            partial[localId.x] = partial[localId.x] + partial[localId.x + s];
          }
          workgroupBarrier();
        }
        if (localId.x == 0u) {
          let total = partial[0];
          result[ch] = ${final};
        }
      }`,
  };
}

type Elementwise = 'xhat' | 'affine' | 'bnGrad' | 'relu6Grad';

const ELEMENTWISE: Readonly<Record<Elementwise, { readonly inputs: string[]; readonly expr: string }>> = {
  // x̂ = (x − μ)·(1/σ)
  xhat: { inputs: ['x', 'mean', 'inv'], expr: '(x[index] - mean[ch]) * inv[ch]' },
  // y = γ·x̂ + β
  affine: { inputs: ['xhat', 'gamma', 'beta'], expr: 'xhat[index] * gamma[ch] + beta[ch]' },
  // dx = γ/σ · (dy − dβ/n − x̂·dγ/n)
  bnGrad: {
    inputs: ['dy', 'xhat', 'dbeta', 'dgamma', 'inv', 'gamma'],
    expr: '(dy[index] - dbeta[ch] / f32(uniforms.outShape.x) - xhat[index] * (dgamma[ch] / f32(uniforms.outShape.x))) * (gamma[ch] * inv[ch])',
  },
  // dy where 0 < x ≤ 6, else 0 (TF.js's mask, as the CPU kernel)
  relu6Grad: { inputs: ['dy', 'x'], expr: 'select(0.0, dy[index], x[index] > 0.0 && x[index] <= 6.0)' },
};

/**
 * One output element per thread; for the BatchNorm ones the output is [rows, c] and ch is the
 * element's channel. (The backend caches a pipeline per shader key and input ranks, not sizes: sizes
 * come from uniforms, never from constants in the code.)
 */
function elementwise(kind: Elementwise, shape: number[]): Program {
  const { inputs, expr } = ELEMENTWISE[kind];
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    variableNames: inputs,
    outputShape: shape,
    shaderKey: `h4h_${kind}`,
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(size / ELEMENTWISE_THREADS), 1, 1],
    workgroupSize: [ELEMENTWISE_THREADS, 1, 1],
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${kind === 'relu6Grad' ? '' : 'let ch = index % uniforms.outShape.y;'}
          result[index] = ${expr};
        }
      }`,
  };
}

const gpu = (args: Args): WebGpuBackendLike => args.backend as unknown as WebGpuBackendLike;

const bnTrain: KernelFunc = (args) => {
  const { x, gamma, beta } = args.inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const b = gpu(args);
  const c = at(x.shape, 1);
  const mean = b.runWebGPUProgram(columnReduction('mean', c), [x], 'float32');
  const inv = b.runWebGPUProgram(columnReduction('inv', c), [x, mean], 'float32');
  const xhat = b.runWebGPUProgram(elementwise('xhat', [...x.shape]), [x, mean, inv], 'float32');
  const y = b.runWebGPUProgram(elementwise('affine', [...x.shape]), [xhat, gamma, beta], 'float32');
  b.disposeData(mean.dataId);
  return [y, xhat, inv];
};

const bnTrainGrad: KernelFunc = (args) => {
  const { dy, xhat, inv, gamma } = args.inputs as { dy: tf.TensorInfo; xhat: tf.TensorInfo; inv: tf.TensorInfo; gamma: tf.TensorInfo };
  const b = gpu(args);
  const c = at(dy.shape, 1);
  const dBeta = b.runWebGPUProgram(columnReduction('sum', c), [dy], 'float32');
  const dGamma = b.runWebGPUProgram(columnReduction('dot', c), [dy, xhat], 'float32');
  const dx = b.runWebGPUProgram(elementwise('bnGrad', [...dy.shape]), [dy, xhat, dBeta, dGamma, inv, gamma], 'float32');
  return [dx, dGamma, dBeta];
};

const relu6Grad: KernelFunc = (args) => {
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  return gpu(args).runWebGPUProgram(elementwise('relu6Grad', [...x.shape]), [dy, x], 'float32');
};

/**
 * Registers the three kernels for the 'webgpu' backend (once; the registry does not need the backend
 * itself to exist yet). Call it where the WebGPU backend is used: the app's worker, the Dawn bench.
 */
export function installWebGpuKernels(): void {
  for (const [kernelName, kernelFunc] of [
    [BN_TRAIN, bnTrain],
    [BN_TRAIN_GRAD, bnTrainGrad],
    [RELU6_GRAD, relu6Grad],
  ] as const) {
    if (!tf.getKernel(kernelName, 'webgpu')) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
  }
}
