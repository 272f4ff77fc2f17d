/**
 * The supernets the project ships (issue 13): `public/supernet/manifest.json` lists each with its
 * files — weights (`h4h-supernet/1` safetensors), training log, fitted predictor — their sizes and
 * SHA-256, the command that trained it and its evaluation. The page fetches them lazily and the CLI
 * reads them from disk; both check every file against the manifest before use, and both evaluate a
 * subnet the same way (`supernetEvaluator`), so the page and `h4h evaluate` print the same number.
 */
import { z } from '../core/zod.js';
import type { Predictor } from '../core/accuracy/predictor.js';
import { validateTrainConfig, type TrainConfig, type TrainHistory } from '../core/training/trainConfig.js';
import type { Genome, SearchSpace } from '../core/types.js';
import { decodeSupernet, sha256Hex, type SupernetWeights } from './checkpointFile.js';
import type { Dataset } from './data.js';
import { createTrainer, type Trainer } from './trainer.js';

export const MANIFEST_FORMAT = 'h4h-supernets/1';
export const PREDICTOR_FORMAT = 'h4h-predictor/1';
export const LOG_FORMAT = 'h4h-training-log/1';
/** Where the shipped files are, relative to the site root (and to `public/` on disk). */
export const SHIPPED_DIR = 'supernet';
/** Largest manifest, log or predictor file read. */
export const SHIPPED_JSON_MAX_BYTES = 8 * 2 ** 20;

const sha = z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be 64 lowercase hex digits' });
const fileRef = z
  .object({
    file: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, { error: 'must be a plain file name' }),
    bytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 2 ** 20),
    sha256: sha,
  })
  .strict();
const fraction = z.number().min(0).max(1);

const entryShape = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, { error: 'must be lowercase letters, digits and dashes' }),
    label: z.string().max(120),
    space: z.string().max(40),
    dataset: z.string().max(40),
    weights: fileRef,
    log: fileRef,
    predictor: fileRef,
    /**
     * the training images BatchNorm is recalibrated on (`calibrationIndices`, in order, raw u8 pixels):
     * the page fetches these instead of the whole training split
     */
    calibration: fileRef.optional(),
    steps: z.number().int().min(1),
    configHash: z.string().regex(/^[0-9a-f]{8}$/),
    /** the `npm run -s h4h -- train …` command that made it */
    command: z.string().max(1000),
    /** how every shipped accuracy is measured (the page and `h4h evaluate` alike) */
    evaluation: z
      .object({
        split: z.literal('val'),
        images: z.number().int().min(1),
        calibrationImages: z.number().int().min(1).max(100_000),
        largest: fraction,
        smallest: fraction,
      })
      .strict(),
  })
  .strict();

const manifestShape = z.object({ format: z.literal(MANIFEST_FORMAT), supernets: z.array(entryShape).max(20) }).strict();

export type ShippedFile = z.infer<typeof fileRef>;
export type ShippedSupernet = z.infer<typeof entryShape>;
export type SupernetManifest = z.infer<typeof manifestShape>;

const issues = (e: z.ZodError, what: string): string =>
  e.issues
    .slice(0, 3)
    .map((i) => `${what}: ${i.path.join('.') || '(root)'} ${i.message}`)
    .join('; ');

export function parseManifest(json: unknown, what = 'supernet manifest'): SupernetManifest {
  const r = manifestShape.safeParse(json);
  if (!r.success) throw new Error(issues(r.error, what));
  return r.data;
}

/** The shipped supernet of a space, or null (spaces without one keep the proxy). */
export function shippedFor(manifest: SupernetManifest, spaceId: string): ShippedSupernet | null {
  return manifest.supernets.find((s) => s.space === spaceId) ?? null;
}

/** `bytes` if they are the file the manifest names (length and SHA-256), else an error saying so. */
export async function verified(bytes: Uint8Array, ref: ShippedFile): Promise<Uint8Array> {
  if (bytes.length !== ref.bytes)
    throw new Error(`supernet: ${ref.file} is ${bytes.length} bytes, the manifest says ${ref.bytes}: a changed or truncated file`);
  const got = await sha256Hex(bytes);
  if (got !== ref.sha256)
    throw new Error(
      `supernet: ${ref.file} does not match its SHA-256 in the manifest (${got.slice(0, 12)}… ≠ ${ref.sha256.slice(0, 12)}…)`,
    );
  return bytes;
}

// ── the training log ───────────────────────────────────────────────────────────────────────────────

export interface TrainingLog {
  readonly format: typeof LOG_FORMAT;
  readonly supernet: string;
  readonly command: string;
  readonly config: TrainConfig;
  readonly history: TrainHistory;
}

export function parseTrainingLog(json: unknown, what = 'training log'): TrainingLog {
  const o = json as Partial<TrainingLog>;
  if (typeof o !== 'object' || o === null || o.format !== LOG_FORMAT) throw new Error(`${what}: format must be "${LOG_FORMAT}"`);
  const cfg = validateTrainConfig(o.config);
  if (!cfg.ok) throw new Error(`${what}: ${cfg.errors.join('; ')}`);
  const h = o.history as TrainHistory | undefined;
  if (!h || !Array.isArray(h.steps) || !Array.isArray(h.evals)) throw new Error(`${what}: history must be { steps, evals }`);
  return { format: LOG_FORMAT, supernet: String(o.supernet ?? ''), command: String(o.command ?? ''), config: cfg.value, history: h };
}

// ── the shipped predictor ──────────────────────────────────────────────────────────────────────────

/** Kendall τ of a predictor on held-out subnets, over several random splits. */
export interface HeldOutTau {
  readonly heldOut: number;
  /** the split the shipped predictor reports (its own seed) */
  readonly kendallTau: number;
  readonly splits: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly sd: number;
}

export interface PredictorFile {
  readonly format: typeof PREDICTOR_FORMAT;
  readonly space: string;
  /** the shipped supernet whose accuracies it was fitted on, and that supernet's weights' SHA-256 */
  readonly supernet: string;
  readonly weightsSha256: string;
  readonly predictor: Predictor;
  /** supernet-measured accuracies of random subnets (the fit's data) and how each was drawn */
  readonly samples: readonly { readonly arch: Genome; readonly accuracy: number; readonly sampling?: 'uniform' | 'tilted' }[];
  readonly evaluation: { readonly split: 'val'; readonly images: number; readonly calibrationImages: number };
  readonly validation: HeldOutTau;
  /** the same held-out splits ranked by MACs alone */
  readonly macBaseline: HeldOutTau;
  /** the presets measured when shipped (smallest, largest, default), so the page shows them at once */
  readonly presets?: readonly { readonly name: string; readonly arch: Genome; readonly accuracy: number }[];
  /** the shipped predictor on subnets measured apart, never fitted on (`testShippedPredictor`) */
  readonly test?: {
    readonly subnets: number;
    readonly kendallTau: number;
    readonly macs: number;
    readonly samples: readonly { readonly arch: Genome; readonly accuracy: number; readonly sampling?: 'uniform' | 'tilted' }[];
    readonly bySampling: {
      readonly uniform?: { readonly subnets: number; readonly kendallTau: number; readonly macs: number };
      readonly tilted?: { readonly subnets: number; readonly kendallTau: number; readonly macs: number };
    };
  };
  /** the same splits with a ridge on the same features (one-hot genes, log MACs, log parameters) */
  readonly ridge?: HeldOutTau;
  /** the same splits with a ridge on the one-hot genes alone (no log MACs / log parameters) */
  readonly oneHot?: HeldOutTau;
  /** the held-out subnets of each kind of sampling on their own: the predictor's τ and MACs alone */
  readonly bySampling?: {
    readonly uniform?: { readonly predictor: HeldOutTau; readonly macs: HeldOutTau };
    readonly tilted?: { readonly predictor: HeldOutTau; readonly macs: HeldOutTau };
  };
}

export function parsePredictorFile(json: unknown, what = 'predictor file'): PredictorFile {
  const o = json as Partial<PredictorFile>;
  if (typeof o !== 'object' || o === null || o.format !== PREDICTOR_FORMAT)
    throw new Error(`${what}: format must be "${PREDICTOR_FORMAT}"`);
  const p = o.predictor as Predictor | undefined;
  if (!p || typeof p.space !== 'string' || !Array.isArray(p.featureNames) || !Number.isFinite(p.intercept))
    throw new Error(`${what}: predictor must name its space and features`);
  if (p.kind === 'kernel') {
    const k = p.kernel;
    const finite = (xs: unknown): boolean => Array.isArray(xs) && xs.every(Number.isFinite);
    if (
      !k ||
      !(k.gamma > 0 && Number.isFinite(k.gamma)) ||
      !finite(k.alphas) ||
      !Array.isArray(k.support) ||
      k.alphas.length !== k.support.length ||
      !k.support.every((row) => finite(row) && row.length === p.featureNames.length) ||
      !p.numeric ||
      !finite(p.numeric.mean) ||
      !finite(p.numeric.sd) ||
      !p.numeric.sd.every((v) => v > 0)
    ) {
      throw new Error(
        `${what}: a kernel predictor must have finite alphas, one per support subnet, and finite features, one per feature name`,
      );
    }
  } else if (
    p.kind !== 'ridge' ||
    !Array.isArray(p.weights) ||
    p.weights.length !== p.featureNames.length ||
    !p.weights.every(Number.isFinite)
  ) {
    throw new Error(`${what}: predictor must have finite weights, one per feature`);
  }
  // every measured subnet it lists: a subnet object and an accuracy in [0, 1]
  const measured = (list: unknown, field: string): void => {
    if (!Array.isArray(list)) throw new Error(`${what}: ${field} must be a list`);
    list.forEach((x: unknown, i) => {
      const m = x as { arch?: unknown; accuracy?: unknown } | null;
      if (
        typeof m !== 'object' ||
        m === null ||
        typeof m.arch !== 'object' ||
        m.arch === null ||
        typeof m.accuracy !== 'number' ||
        !(m.accuracy >= 0 && m.accuracy <= 1)
      ) {
        throw new Error(`${what}: ${field}[${i}] must be { arch, accuracy } with an accuracy from 0 to 1`);
      }
    });
  };
  measured(o.samples, 'samples');
  if (o.test !== undefined) measured((o.test as { samples?: unknown } | null)?.samples, 'test.samples');
  if (o.presets !== undefined) measured(o.presets, 'presets');
  return o as PredictorFile;
}

// ── evaluating subnets with a shipped (or any) supernet ───────────────────────────────────────────

/**
 * A supernet loaded for evaluation: the accuracy of a subnet on the validation split, BatchNorm
 * recalibrated on `calibrationImages` training images chosen by the run's seed. Deterministic on the
 * CPU backend: the CLI and the page's worker give the same number for the same subnet.
 */
export interface SupernetEvaluator {
  readonly weights: SupernetWeights;
  readonly trainer: Trainer;
  /** `hits`: as `Trainer.evaluate`'s (1 where an image is classified right) */
  evaluate(g: Genome, between?: () => Promise<void>, hits?: Uint8Array): Promise<{ accuracy: number; images: number }>;
  dispose(): void;
}

/** Loads weights (a supernet or training checkpoint file's bytes) into an evaluator. */
export function supernetEvaluator(
  space: SearchSpace,
  dataset: Dataset,
  bytes: Uint8Array,
  evaluation: { readonly images: number; readonly calibrationImages: number },
  what = 'supernet',
): SupernetEvaluator {
  const weights = decodeSupernet(bytes, what);
  if (weights.space !== space.id) throw new Error(`${what}: trained on space "${weights.space}", not "${space.id}"`);
  if (weights.dataset !== dataset.name) throw new Error(`${what}: trained on ${weights.dataset}, the data given is ${dataset.name}`);
  const config: TrainConfig = { ...weights.config, evalImages: evaluation.images, calibrationImages: evaluation.calibrationImages };
  const trainer = createTrainer(space, dataset, config, {
    version: 1,
    space: weights.space,
    dataset: weights.dataset,
    configHash: weights.configHash,
    config: weights.config,
    step: weights.step,
    variables: weights.variables,
    optimizer: { kind: weights.config.optimizer, t: 0, slots: [], counts: {} },
    history: { steps: [], evals: [] },
  });
  const images = Math.min(evaluation.images, dataset.val.count);
  return {
    weights,
    trainer,
    async evaluate(g, between, hits) {
      return { accuracy: await trainer.evaluate(g, 'val', between, hits), images };
    },
    dispose: () => trainer.dispose(),
  };
}
