/**
 * A faster CPU kernel for the depthwise filter gradient. TF.js 4.22's CPU backend computes
 * `DepthwiseConv2dNativeBackpropFilter` through `TensorBuffer.get` per element with the channel loop
 * outermost; on the largest `mini` subnet it was 40 % of a training step. This one walks the
 * tensors in memory order (channels innermost) on flat arrays; same sums, about 20× faster. Only the
 * CPU backend is touched, only for channel multiplier 1 and no dilation (the supernet's case);
 * anything else goes to the original kernel.
 */
import * as tf from '@tensorflow/tfjs';

const NAME = 'DepthwiseConv2dNativeBackpropFilter';
let installed = false;

interface CpuBackendLike {
  data: { get(dataId: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
}

interface Attrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'same' | 'valid' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Installs the kernel once per process; a no-op if the CPU backend has no such kernel. */
export function installFastCpuKernels(): void {
  if (installed) return;
  const original = tf.getKernel(NAME, 'cpu');
  if (!original) return;
  installed = true;
  tf.unregisterKernel(NAME, 'cpu');
  tf.registerKernel({
    kernelName: NAME,
    backendName: 'cpu',
    kernelFunc: (args) => {
      const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const attrs = args.attrs as unknown as Attrs;
      const [fh, fw, cin, mult] = attrs.filterShape;
      const dil = typeof attrs.dilations === 'number' ? [attrs.dilations, attrs.dilations] : attrs.dilations;
      if (mult !== 1 || dil[0] !== 1 || dil[1] !== 1 || x.dtype !== 'float32' || dy.dtype !== 'float32') return original.kernelFunc(args);
      const [sh, sw] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
      const [batch, inH, inW] = x.shape as [number, number, number, number];
      const [, outH, outW] = dy.shape as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, [sh, sw], 1, attrs.pad, attrs.dimRoundingMode, true);
      const top = info.padInfo.top;
      const left = info.padInfo.left;
      const backend = args.backend as unknown as CpuBackendLike;
      const xv = backend.data.get(x.dataId).values;
      const dyv = backend.data.get(dy.dataId).values;
      const acc = new Float64Array(fh * fw * cin);
      for (let b = 0; b < batch; b++) {
        for (let yr = 0; yr < outH; yr++) {
          for (let yc = 0; yc < outW; yc++) {
            const dyBase = ((b * outH + yr) * outW + yc) * cin;
            for (let wr = 0; wr < fh; wr++) {
              const xr = yr * sh + wr - top;
              if (xr < 0 || xr >= inH) continue;
              for (let wc = 0; wc < fw; wc++) {
                const xc = yc * sw + wc - left;
                if (xc < 0 || xc >= inW) continue;
                const xBase = ((b * inH + xr) * inW + xc) * cin;
                const aBase = (wr * fw + wc) * cin;
                for (let d = 0; d < cin; d++) acc[aBase + d] = (acc[aBase + d] as number) + (xv[xBase + d] as number) * (dyv[dyBase + d] as number);
              }
            }
          }
        }
      }
      return backend.makeTensorInfo([fh, fw, cin, 1], 'float32', Float32Array.from(acc));
    },
  });
}
