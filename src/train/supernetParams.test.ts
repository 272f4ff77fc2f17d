import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleGenome } from '../core/model/genome.js';
import { expandGenome, totalParams } from '../core/model/layers.js';
import { largestGenome, smallestGenome } from '../core/model/macrange.js';
import { MINI, MINI_CIFAR } from '../core/model/spaces.js';
import { createRng } from '../core/rng.js';
import type { Genome, SearchSpace } from '../core/types.js';
import { installFastCpuKernels } from './cpuKernels.js';
import { createSupernet, disposeSupernet, forward, type Params } from './supernet.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels();
});

/** A weight in the sense of `totalParams`: not a bias, not a norm's γ or β. */
const isWeight = (name: string): boolean => !/\.(bias|gamma|beta)$/.test(name);

/**
 * The supernet weights subnet g trains: the elements of weight variables that get a non-zero
 * gradient from a training-mode forward pass of g (every variable of the supernet offered, so what
 * counts is what the forward pass reads, not a list of names). Sixteen random images: with one, the
 * last block's BatchNorm would pass no gradient back (its upstream gradient is constant over the
 * batch's rows); with four, a corner tap of a 5×5 depthwise filter on a 4×4 map (16 products, each
 * zero where a ReLU6 clips) got no gradient in one channel of 192 by accident.
 */
function trainedWeights(space: SearchSpace, params: Params, g: Genome, seed: number): number {
  const x = tf.randomNormal([16, g.r, g.r, space.inputChannels], 0, 1, 'float32', seed) as tf.Tensor4D;
  const y = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: 16 }, (_, i) => (i * 7) % space.classes),
        'int32',
      ),
      space.classes,
    )
    .toFloat();
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(y, forward(space, params, g, x)) as tf.Scalar,
    [...params.values()],
  );
  let n = 0;
  for (const [name, v] of params) {
    const grad = grads[v.name];
    if (grad && isWeight(name)) n += Array.from(grad.dataSync()).filter((d) => d !== 0).length;
  }
  tf.dispose([x, y, value, ...Object.values(grads)]);
  return n;
}

// `nasvit` is estimate-only (SPEC §2): its blocks (`blocks: 'nasvit'`: squeeze-and-excitation, its own
// head) are not the MBConv/ViT blocks the supernet builds, so there is no supernet of it to compare.
describe('supernet weights of a subnet = its parameters as `h4h estimate` counts them', () => {
  for (const space of [MINI, MINI_CIFAR]) {
    it(`${space.id}: smallest, largest and 6 random subnets`, () => {
      const params = createSupernet(space, 11);
      const rng = createRng(29);
      const genomes = [smallestGenome(space), largestGenome(space), ...Array.from({ length: 6 }, () => sampleGenome(space, rng))];
      // the random ones include ViT blocks, so both parameter sets of a hybrid slot are checked
      expect(genomes.some((g) => g.stages.some((st) => st.t.slice(1, st.d).includes('vit')))).toBe(true);
      try {
        genomes.forEach((g, i) => {
          const expected = totalParams(expandGenome(space, g));
          expect(trainedWeights(space, params, g, 100 + i), JSON.stringify(g)).toBe(expected);
        });
      } finally {
        disposeSupernet(params);
      }
    });
  }
});
