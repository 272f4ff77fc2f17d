import { maxOf, minOf } from '../numbers.js';
import { expandGenome, totalMacs } from '../model/layers.js';
import { macRange } from '../model/macrange.js';
import type { Genome, Layer, SearchSpace } from '../types.js';

/** Where an accuracy number comes from (SPEC §5). */
export type AccuracySource = 'proxy' | 'predictor' | 'supernet' | 'table';

/** How each source is labelled next to every number it produces. */
export const ACCURACY_LABELS: Readonly<Record<AccuracySource, string>> = {
  proxy: 'proxy — not measured',
  predictor: 'predictor — fitted on supernet accuracies',
  supernet: 'supernet — measured with inherited weights',
  table: 'table — imported measurements',
};

/** An accuracy source as the search sees it: top-1 accuracy of a subnet as a fraction 0..1. */
export type AccuracyFn = (genome: Genome) => number | Promise<number>;

/** One calibration point: a subnet size and its top-1 accuracy (fraction). */
export interface ProxyAnchor {
  readonly macs: number;
  readonly accuracy: number;
}

/**
 * The proxy curve `acc = chance + (ceiling − chance)·(1 − exp(−(M/macs0)^gamma))` of effective MACs M:
 * chance level for tiny nets, saturating at `ceiling` for large ones, fitted exactly to three anchors.
 */
export interface ProxyCurve {
  readonly chance: number;
  readonly ceiling: number;
  readonly macs0: number;
  readonly gamma: number;
  /** total blocks (Σ d) of the shallowest and deepest subnets of the space */
  readonly depthMin: number;
  readonly depthMax: number;
  readonly anchors: readonly ProxyAnchor[];
}

/** Published NASViT A0, A1, A2 (ImageNet top-1 vs MACs), the anchors SPEC §5.3 names. */
export const NASVIT_ANCHORS: readonly ProxyAnchor[] = [
  { macs: 208e6, accuracy: 0.782 },
  { macs: 309e6, accuracy: 0.797 },
  { macs: 421e6, accuracy: 0.805 },
];

/**
 * Small datasets: accuracy of the smallest subnet, the geometric-middle MACs and the largest subnet of
 * the space's own MAC range (the space, not absolute MACs, sets the scale: an edited space moves them).
 * - `fashion-mnist`: small CNNs score about 88–93 % (the dataset's benchmark tables; a 2-conv CNN of a
 *   few M MACs ≈ 91–93 %), so 87 / 90.5 / 92.5 %.
 * - `cifar10`: LeNet-class CNNs (< 1 M MACs) reach roughly 65–75 %, compact CNNs of a few M MACs
 *   80–85 % with augmentation, so 68 / 76 / 82 %.
 * Any other dataset uses the Fashion-MNIST numbers (a labelled proxy either way).
 */
export const RELATIVE_ANCHOR_ACCURACIES: Readonly<Record<string, readonly [number, number, number]>> = {
  'fashion-mnist': [0.87, 0.905, 0.925],
  cifar10: [0.68, 0.76, 0.82],
};

/**
 * At equal MACs a deeper subnet counts as this many times more MACs, min → max depth of the space
 * (an assumption: depth helps at fixed cost, e.g. EfficientNet's scaling study, but modestly).
 */
export const DEPTH_GAIN = 1.5;

/**
 * Where in the space's depth range (0 = shallowest, 1 = deepest) the anchors hold. A quarter, because
 * every anchor must be reachable at that depth: A0's 208 M MACs is only reached by shallow `nasvit`
 * subnets (sampled subnets of mid depth start above 210 M), and small published models are shallow.
 */
export const DEPTH_REFERENCE = 0.25;

/**
 * Fits `ceiling`, `macs0` and `gamma` through three anchors exactly. With y = −ln(1 − (acc − chance) /
 * (ceiling − chance)), ln y is linear in ln M with slope gamma; bisection finds the ceiling that makes
 * the three points collinear.
 */
function fitCurve(chance: number, anchors: readonly ProxyAnchor[]): { ceiling: number; macs0: number; gamma: number } {
  const [p, q, r] = anchors as [ProxyAnchor, ProxyAnchor, ProxyAnchor];
  const lnY = (acc: number, ceiling: number): number => Math.log(-Math.log(1 - (acc - chance) / (ceiling - chance)));
  const bend = (ceiling: number): number => {
    const [y1, y2, y3] = [lnY(p.accuracy, ceiling), lnY(q.accuracy, ceiling), lnY(r.accuracy, ceiling)];
    return (y2 - y1) / Math.log(q.macs / p.macs) - (y3 - y2) / Math.log(r.macs / q.macs);
  };
  let lo = r.accuracy + 1e-9;
  let hi = 1;
  if (!(Math.sign(bend(lo)) !== Math.sign(bend(hi)))) throw new Error('proxy: anchors do not lie on a saturating curve');
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (Math.sign(bend(mid)) === Math.sign(bend(lo))) lo = mid;
    else hi = mid;
  }
  const ceiling = (lo + hi) / 2;
  const gamma = (lnY(r.accuracy, ceiling) - lnY(p.accuracy, ceiling)) / Math.log(r.macs / p.macs);
  const macs0 = p.macs / Math.exp(lnY(p.accuracy, ceiling) / gamma);
  return { ceiling, macs0, gamma };
}

/** Three anchors of a space: NASViT's for ImageNet spaces, else relative to the space's MAC range. */
function anchorsOf(space: SearchSpace): readonly ProxyAnchor[] {
  if (space.dataset === 'imagenet') return NASVIT_ANCHORS;
  const { minMacs, maxMacs } = macRange(space);
  const mid = Math.sqrt(minMacs * maxMacs);
  // a space with (nearly) one size still needs three distinct anchors
  const lo = Math.min(minMacs, mid / 2);
  const hi = Math.max(maxMacs, mid * 2);
  const known = Object.hasOwn(RELATIVE_ANCHOR_ACCURACIES, space.dataset) ? RELATIVE_ANCHOR_ACCURACIES[space.dataset] : undefined;
  const [a, b, c] = known ?? (RELATIVE_ANCHOR_ACCURACIES['fashion-mnist'] as readonly [number, number, number]);
  return [
    { macs: lo, accuracy: a },
    { macs: mid, accuracy: b },
    { macs: hi, accuracy: c },
  ];
}

const curves = new WeakMap<SearchSpace, ProxyCurve>();

/** The proxy curve of a space (cached per space object). */
export function proxyCurve(space: SearchSpace): ProxyCurve {
  const hit = curves.get(space);
  if (hit) return hit;
  const chance = 1 / space.classes;
  const anchors = anchorsOf(space);
  const depthMin = space.stages.reduce((s, st) => s + minOf(st.d), 0);
  const depthMax = space.stages.reduce((s, st) => s + maxOf(st.d), 0);
  const curve: ProxyCurve = { chance, ...fitCurve(chance, anchors), depthMin, depthMax, anchors };
  curves.set(space, curve);
  return curve;
}

/**
 * Proxy accuracy (fraction) of a subnet of `macs` MACs and `depth` blocks in total. The anchors hold at
 * the reference depth (`DEPTH_REFERENCE`); a deeper subnet counts as more MACs, a shallower one as
 * fewer (by DEPTH_GAIN over the whole depth range). Increasing in both.
 */
export function proxyFromMacs(curve: ProxyCurve, macs: number, depth: number): number {
  const span = curve.depthMax - curve.depthMin;
  const depthFrac = span > 0 ? (depth - curve.depthMin) / span : DEPTH_REFERENCE;
  const effective = Math.max(0, macs) * DEPTH_GAIN ** (depthFrac - DEPTH_REFERENCE);
  return curve.chance + (curve.ceiling - curve.chance) * (1 - Math.exp(-((effective / curve.macs0) ** curve.gamma)));
}

/**
 * The `proxy` accuracy source (SPEC §5.3): an analytic stand-in, monotone in MACs and depth, for
 * `nasvit` and for any space before training. Top-1 as a fraction 0..1; always show it as
 * `ACCURACY_LABELS.proxy`. Pass `layers` (the genome's layer list) to skip expanding it again.
 */
export function proxyAccuracy(space: SearchSpace, genome: Genome, layers?: readonly Layer[]): number {
  const macs = totalMacs(layers ?? expandGenome(space, genome));
  const depth = genome.stages.reduce((s, st) => s + st.d, 0);
  return proxyFromMacs(proxyCurve(space), macs, depth);
}
