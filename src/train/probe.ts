/**
 * The backend probe: a small, training-like workload timed on the current TF.js backend, so that
 * "auto" can pick the backend that is fastest on this device (src/workers/backend.ts decides). One
 * probe run is the forward and backward pass of two inverted-bottleneck blocks at the sizes of a
 * `mini` step's first stage (14×14×16 maps, 5×5 depthwise): the kernels that dominate a step
 * (pointwise convolutions as matMul and their two gradients, the depthwise convolution and its two
 * gradients, ReLU). Like a step's sandwich — the largest and smallest subnets keep their shapes,
 * random subnets bring new ones — the first block keeps its width from run to run while the second
 * is a new width each run, so a GPU backend pays for compiling new kernels as it does in training
 * (where that cost dominated on the software adapter here: the probe without it ranked WebGL ahead
 * of the CPU, real steps the other way round).
 */
import * as tf from '@tensorflow/tfjs';
import { installFastCpuKernels } from './cpuKernels.js';

export const PROBE_SHAPE = { batch: 16, size: 14, channels: 16, kernel: 5 } as const;

export interface ProbeTiming {
  /** the fastest timed run, ms */
  readonly ms: number;
  /** the untimed first run, ms (kernel compilation included) */
  readonly warmupMs: number;
  /** timed runs made */
  readonly runs: number;
}

interface Probe {
  /** run `r` (0: the warm-up): the fixed block and a block of a width not used before */
  run(r: number): Promise<void>;
  dispose(): void;
}

/** Builds the probe's input and its fixed block on the current backend. */
function createProbe(): Probe {
  const { batch, size, channels: c, kernel: k } = PROBE_SHAPE;
  const pixels = batch * size * size;
  let seed = 1;
  const weight = (shape: number[], fanIn: number): tf.Variable =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed++));
  const block = (e: number) => ({ e, expand: weight([c, e], c), depthwise: weight([k, k, e, 1], k * k), project: weight([e, c], e) });
  const fixed = block(2 * c);
  const made: tf.Variable[] = [fixed.expand, fixed.depthwise, fixed.project];
  const x = tf.randomNormal([pixels, c], 0, 1, 'float32', seed++) as tf.Tensor2D;
  return {
    async run(r) {
      const fresh = block(2 * c + 8 * (r + 1)); // a width no earlier run used
      made.push(fresh.expand, fresh.depthwise, fresh.project);
      const { value, grads } = tf.variableGrads(() => {
        let h = x;
        for (const l of [fixed, fresh]) {
          const wide = tf.relu(tf.matMul(h, l.expand)).reshape([batch, size, size, l.e]) as tf.Tensor4D;
          const dw = tf.relu(tf.depthwiseConv2d(wide, l.depthwise as tf.Tensor4D, 1, 'same')).reshape([pixels, l.e]) as tf.Tensor2D;
          h = tf.matMul(dw, l.project);
        }
        return tf.mean(tf.square(h)) as tf.Scalar;
      }, [fixed.expand, fixed.depthwise, fixed.project, fresh.expand, fresh.depthwise, fresh.project]);
      await value.data(); // waits for the device: the run is done
      tf.dispose([value, ...Object.values(grads)]);
    },
    dispose() {
      tf.dispose([...made, x]);
    },
  };
}

/**
 * Times the probe on the current backend: one untimed warm-up run (kernel compilation), then timed
 * runs while `budgetMs` lasts (at least one, at most `maxRuns`); reports the fastest. `stop()` ends
 * it between runs (a caller that gave up waiting), leaving no tensor behind.
 */
export async function timeProbe(now: () => number, budgetMs = 500, maxRuns = 3, stop: () => boolean = () => false): Promise<ProbeTiming> {
  installFastCpuKernels(); // the CPU backend trains with it, so it is probed with it
  const probe = createProbe();
  try {
    const t0 = now();
    await probe.run(0);
    const warmupMs = now() - t0;
    let best = Infinity;
    let runs = 0;
    const start = now();
    while (runs < maxRuns && (runs === 0 || now() - start < budgetMs) && !stop()) {
      const t = now();
      await probe.run(runs + 1);
      best = Math.min(best, now() - t);
      runs++;
    }
    return { ms: runs > 0 ? best : warmupMs, warmupMs, runs };
  } finally {
    probe.dispose();
  }
}
