import { at } from '../at.js';
import type { Genome, SearchSpace, StageSpec } from '../types.js';

const stage = (
  name: string,
  c: number[],
  d: number[],
  k: number[],
  e: number[],
  hybrid: boolean,
  stride: number,
  m: number[] = [1, 2],
): StageSpec => ({ name, c, d, k, e, m, hybrid, stride });
/** A NASViT stage: `stage` with its squeeze-and-excitation flag (`misc/config.py: supernet_config.mbN.se`). */
const nasvitStage = (se: boolean, ...args: Parameters<typeof stage>): StageSpec => ({ ...stage(...args), se });

/** `mini`: the trainable default space for 28×28×1 Fashion-MNIST (SPEC §2.2). */
export const MINI: SearchSpace = {
  id: 'mini',
  label: 'mini (Fashion-MNIST 28×28×1)',
  dataset: 'fashion-mnist',
  inputChannels: 1,
  classes: 10,
  r: [20, 24, 28],
  stem: [8, 16],
  headDim: 8,
  headConv: 0,
  stages: [
    stage('s1', [8, 16], [1, 2], [3, 5], [1, 2], false, 1),
    stage('s2', [16, 24], [1, 2, 3], [3, 5], [2, 3, 4], false, 2),
    stage('s3', [24, 32], [1, 2, 3], [3, 5], [2, 3, 4], true, 1),
    stage('s4', [32, 48], [1, 2, 3], [3, 5], [2, 3, 4], true, 2),
  ],
};

/**
 * `mini-cifar`: the `mini` space for 32×32×3 inputs, so a supernet can be trained on CIFAR-10 batches
 * the user brings (SPEC §7). Same stages; resolutions up to the native 32.
 */
export const MINI_CIFAR: SearchSpace = {
  ...MINI,
  id: 'mini-cifar',
  label: 'mini-cifar (CIFAR-10 32×32×3, bring your own data)',
  dataset: 'cifar10',
  inputChannels: 3,
  r: [24, 28, 32],
};

/**
 * `nasvit`: ImageNet-scale hybrid space after NASViT's supernet (SPEC §2.2), estimate-only. Choices and
 * SE flags from facebookresearch/NASViT `misc/config.py` (supernet_config); its blocks and head from the
 * model code (`blocks: 'nasvit'`, see `nasvitLayers.ts`). The head's last 1×1 width is a gene,
 * `head` (`last_conv.c`: 1792 or 1984); headConv, 1792, is the width of a genome without it.
 */
export const NASVIT: SearchSpace = {
  id: 'nasvit',
  label: 'nasvit (ImageNet, NASViT-style)',
  dataset: 'imagenet',
  inputChannels: 3,
  classes: 1000,
  r: [192, 224, 256, 288],
  stem: [16, 24],
  headDim: 8,
  headConv: 1792,
  head: [1792, 1984],
  blocks: 'nasvit',
  stages: [
    nasvitStage(false, 'mb1', [16, 24], [1, 2], [3, 5], [1], false, 1),
    nasvitStage(false, 'mb2', [24, 32], [3, 4, 5], [3, 5], [4, 5, 6], false, 2),
    nasvitStage(true, 'mb3', [32, 40], [3, 4, 5, 6], [3], [4, 5, 6], false, 2),
    nasvitStage(false, 'mb4', [64, 72], [3, 4, 5, 6], [3], [4, 5, 6], true, 2),
    nasvitStage(true, 'mb5', [112, 120, 128], [3, 4, 5, 6, 7, 8, 9], [3], [4, 5, 6], true, 2),
    nasvitStage(true, 'mb6', [160, 168, 176, 184], [3, 4, 5, 6, 7, 8], [3], [6], true, 1),
    nasvitStage(true, 'mb7', [208, 216, 224], [3, 4, 5, 6], [3], [6], true, 2),
  ],
};

/** The shipped presets, by id. */
export const SPACES: Readonly<Record<string, SearchSpace>> = { mini: MINI, 'mini-cifar': MINI_CIFAR, nasvit: NASVIT };

/** Whether `id` names a shipped preset (own keys only: `__proto__` is no space). */
export const hasSpace = (id: string): boolean => Object.hasOwn(SPACES, id);

/** Looks a preset up by id; throws with the allowed ids otherwise. */
export function getSpace(id: string): SearchSpace {
  const s = hasSpace(id) ? SPACES[id] : undefined;
  if (!s) throw new Error(`space: unknown "${id}" (allowed: ${Object.keys(SPACES).join(', ')})`);
  return s;
}

const mid = (xs: readonly number[]): number => at(xs, Math.floor((xs.length - 1) / 2));

/**
 * The subnet shown on first load: middle choices everywhere, the last block of each hybrid stage a
 * transformer, so the default is a hybrid CNN/ViT model.
 */
export function defaultGenome(space: SearchSpace): Genome {
  return {
    space: space.id,
    r: at(space.r, space.r.length - 1),
    stem: at(space.stem, space.stem.length - 1),
    stages: space.stages.map((s) => {
      const d = Math.max(mid(s.d), Math.min(2, at(s.d, s.d.length - 1)));
      const t = Array.from({ length: d }, (_, i) => (s.hybrid && i === d - 1 && i > 0 ? 'vit' : 'mb') as 'mb' | 'vit');
      return { c: at(s.c, s.c.length - 1), d, k: at(s.k, 0), e: mid(s.e), t, m: at(s.m, s.m.length - 1) };
    }),
  };
}
