/**
 * The shipped supernet in the page (issue 13), on the side of its own worker: reads the manifest,
 * checks each file it names against it (`verified`: size and SHA-256), and measures subnets with the
 * shipped weights through `supernetEvaluator` with the manifest's evaluation settings, on TF.js's CPU
 * backend: the same code and numbers as `h4h evaluate`. Plain async functions over an injected
 * environment, so Node tests run them on the real CPU backend without a Worker.
 */
import { getSpace, type Genome } from '../core';
import { loadPreparedDataset, PREPARED_DATASETS, type Dataset, type PreparedDatasetId, type ReadFile } from '../train/data';
import {
  parseManifest,
  parsePredictorFile,
  shippedFor,
  supernetEvaluator,
  verified,
  SHIPPED_JSON_MAX_BYTES,
  parseTrainingLog,
  type ShippedFile,
  type ShippedSupernet,
  type SupernetEvaluator,
  type SupernetManifest,
  type TrainingLog,
} from '../train/shipped';
import { SUPERSEDED, type ShippedInfo, type SupernetAccuracy } from './protocol';

export interface ShippedEnv {
  /** a file of the shipped folder (`manifest.json`, `mini-fashion-mnist.safetensors`) */
  readonly readShipped: ReadFile;
  /** the prepared datasets (`fashion-mnist/train-images.u8`) */
  readonly readData: ReadFile;
  /** between BatchNorm recalibration and evaluation batches: lets a cancel arrive */
  readonly yieldToEvents: () => Promise<void>;
}

export interface ShippedControl {
  progress(stage: string): void;
  cancelled(): boolean;
}

export interface ShippedSession {
  info(space: string): Promise<ShippedInfo | null>;
  /** the shipped supernet's training log (losses and evaluations per step) */
  log(space: string): Promise<TrainingLog>;
  evaluate(space: string, genome: Genome, control: ShippedControl): Promise<SupernetAccuracy>;
}

export class CancelledError extends Error {
  constructor() {
    super('measurement superseded by a newer one');
    this.name = SUPERSEDED;
  }
}

const json = (bytes: Uint8Array, what: string): unknown => {
  if (bytes.length > SHIPPED_JSON_MAX_BYTES) throw new Error(`supernet: ${what} is larger than ${SHIPPED_JSON_MAX_BYTES} bytes`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(`supernet: ${what} is not JSON`);
  }
};

/** What the session holds between requests: each load once (a failed one is tried again by the next request). */
interface ShippedState {
  readonly env: ShippedEnv;
  manifest: Promise<SupernetManifest> | null;
  readonly infos: Map<string, Promise<ShippedInfo | null>>;
  readonly datasets: Map<string, Promise<Dataset>>;
  /** the evaluator of the shipped weights last measured with */
  evaluator: { readonly id: string; readonly sha256: string; readonly value: Promise<SupernetEvaluator> } | null;
}

/** A promise kept in `cache` under `key` until it fails. */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

const readChecked = async (s: ShippedState, ref: ShippedFile): Promise<Uint8Array> => verified(await s.env.readShipped(ref.file), ref);

function loadManifest(s: ShippedState): Promise<SupernetManifest> {
  s.manifest ??= s.env.readShipped('manifest.json').then((b) => parseManifest(json(b, 'manifest.json'), 'supernet/manifest.json'));
  return s.manifest.catch((e: unknown) => {
    s.manifest = null; // a later request tries again
    throw e;
  });
}

const entryOf = async (s: ShippedState, space: string): Promise<ShippedSupernet | null> => shippedFor(await loadManifest(s), space);

/** The space's manifest entry and its predictor, checked against each other (null: none shipped). */
function info(s: ShippedState, space: string): Promise<ShippedInfo | null> {
  return once(s.infos, space, async () => {
    const entry = await entryOf(s, space);
    if (!entry) return null;
    const predictor = parsePredictorFile(json(await readChecked(s, entry.predictor), entry.predictor.file), entry.predictor.file);
    if (predictor.weightsSha256 !== entry.weights.sha256)
      throw new Error(`supernet: ${entry.predictor.file} was fitted on other weights than ${entry.weights.file}`);
    if (predictor.predictor.space !== space)
      throw new Error(`supernet: ${entry.predictor.file} is a predictor of space "${predictor.predictor.space}", not "${space}"`);
    return { entry, predictor };
  });
}

/** The validation split, and the training split only where no calibration file is shipped. */
function dataset(s: ShippedState, name: PreparedDatasetId, withTrain: boolean): Promise<Dataset> {
  return once(s.datasets, `${name}:${withTrain}`, () => loadPreparedDataset(name, s.env.readData, withTrain ? ['train', 'val'] : ['val']));
}

async function withCalibration(s: ShippedState, entry: ShippedSupernet, ds: Dataset): Promise<Dataset> {
  if (!entry.calibration) return ds;
  const images = await readChecked(s, entry.calibration);
  const pixels = ds.height * ds.width * ds.channels;
  if (images.length !== entry.evaluation.calibrationImages * pixels) {
    throw new Error(
      `supernet: ${entry.calibration.file} holds ${images.length / pixels} images, the evaluation recalibrates on ${entry.evaluation.calibrationImages}`,
    );
  }
  return {
    ...ds,
    calibration: { images, labels: new Uint8Array(entry.evaluation.calibrationImages), count: entry.evaluation.calibrationImages },
  };
}

/** The evaluator of `entry`'s weights: the one kept when it is of the same weights, else a new one (the old one disposed). */
function evaluatorOf(s: ShippedState, space: string, entry: ShippedSupernet, control: ShippedControl): Promise<SupernetEvaluator> {
  if (s.evaluator && s.evaluator.id === entry.id && s.evaluator.sha256 === entry.weights.sha256) return s.evaluator.value;
  s.evaluator?.value.then(
    (e) => e.dispose(),
    () => undefined,
  );
  const value = (async () => {
    control.progress(`fetching and checking ${entry.weights.file}`);
    const bytes = await readChecked(s, entry.weights);
    control.progress(`loading the ${entry.dataset} images`);
    const ds = await withCalibration(s, entry, await dataset(s, entry.dataset as PreparedDatasetId, !entry.calibration));
    return supernetEvaluator(getSpace(space), ds, bytes, entry.evaluation, entry.weights.file);
  })();
  s.evaluator = { id: entry.id, sha256: entry.weights.sha256, value };
  value.catch(() => {
    if (s.evaluator?.value === value) s.evaluator = null;
  });
  return value;
}

async function evaluate(s: ShippedState, space: string, genome: Genome, control: ShippedControl): Promise<SupernetAccuracy> {
  const entry = await entryOf(s, space);
  if (!entry) throw new Error(`supernet: none is shipped for space "${space}"`);
  if (!(PREPARED_DATASETS as readonly string[]).includes(entry.dataset))
    throw new Error(`supernet: dataset ${entry.dataset} is not one the page prepares`);
  const ev = await evaluatorOf(s, space, entry, control);
  if (control.cancelled()) throw new CancelledError();
  control.progress('measuring');
  const r = await ev.evaluate(genome, async () => {
    await s.env.yieldToEvents();
    if (control.cancelled()) throw new CancelledError();
  });
  return { genome, accuracy: r.accuracy, split: 'val', images: r.images, step: ev.weights.step };
}

export function createShippedSession(env: ShippedEnv): ShippedSession {
  const s: ShippedState = { env, manifest: null, infos: new Map(), datasets: new Map(), evaluator: null };
  return {
    info: (space) => info(s, space),
    async log(space) {
      const entry = await entryOf(s, space);
      if (!entry) throw new Error(`supernet: none is shipped for space "${space}"`);
      return parseTrainingLog(json(await readChecked(s, entry.log), entry.log.file), entry.log.file);
    },
    evaluate: (space, genome, control) => evaluate(s, space, genome, control),
  };
}
