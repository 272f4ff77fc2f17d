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
import type { ShippedInfo, SupernetAccuracy } from './protocol';

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
    this.name = 'SupersededError';
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

export function createShippedSession(env: ShippedEnv): ShippedSession {
  let manifest: Promise<SupernetManifest> | null = null;
  const infos = new Map<string, Promise<ShippedInfo | null>>();
  const datasets = new Map<string, Promise<Dataset>>();
  let evaluator: { readonly id: string; readonly sha256: string; readonly value: Promise<SupernetEvaluator> } | null = null;

  const readChecked = async (ref: ShippedFile): Promise<Uint8Array> => verified(await env.readShipped(ref.file), ref);

  const loadManifest = (): Promise<SupernetManifest> => {
    manifest ??= env.readShipped('manifest.json').then((b) => parseManifest(json(b, 'manifest.json'), 'supernet/manifest.json'));
    return manifest.catch((e: unknown) => {
      manifest = null; // a later request tries again
      throw e;
    });
  };

  const entryOf = async (space: string): Promise<ShippedSupernet | null> => shippedFor(await loadManifest(), space);

  const info = (space: string): Promise<ShippedInfo | null> => {
    let p = infos.get(space);
    if (!p) {
      p = (async () => {
        const entry = await entryOf(space);
        if (!entry) return null;
        const predictor = parsePredictorFile(json(await readChecked(entry.predictor), entry.predictor.file), entry.predictor.file);
        if (predictor.weightsSha256 !== entry.weights.sha256)
          throw new Error(`supernet: ${entry.predictor.file} was fitted on other weights than ${entry.weights.file}`);
        if (predictor.predictor.space !== space)
          throw new Error(`supernet: ${entry.predictor.file} is a predictor of space "${predictor.predictor.space}", not "${space}"`);
        return { entry, predictor };
      })();
      infos.set(space, p);
      p.catch(() => infos.delete(space));
    }
    return p;
  };

  /** The validation split, and the training split only where no calibration file is shipped. */
  const dataset = (name: PreparedDatasetId, withTrain: boolean): Promise<Dataset> => {
    const key = `${name}:${withTrain}`;
    let p = datasets.get(key);
    if (!p) {
      p = loadPreparedDataset(name, env.readData, withTrain ? ['train', 'val'] : ['val']);
      datasets.set(key, p);
      p.catch(() => datasets.delete(key));
    }
    return p;
  };

  const withCalibration = async (entry: ShippedSupernet, ds: Dataset): Promise<Dataset> => {
    if (!entry.calibration) return ds;
    const images = await readChecked(entry.calibration);
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
  };

  return {
    info,
    async log(space) {
      const entry = await entryOf(space);
      if (!entry) throw new Error(`supernet: none is shipped for space "${space}"`);
      return parseTrainingLog(json(await readChecked(entry.log), entry.log.file), entry.log.file);
    },
    async evaluate(space, genome, control) {
      const entry = await entryOf(space);
      if (!entry) throw new Error(`supernet: none is shipped for space "${space}"`);
      if (!(PREPARED_DATASETS as readonly string[]).includes(entry.dataset))
        throw new Error(`supernet: dataset ${entry.dataset} is not one the page prepares`);
      if (!evaluator || evaluator.id !== entry.id || evaluator.sha256 !== entry.weights.sha256) {
        evaluator?.value.then(
          (e) => e.dispose(),
          () => undefined,
        );
        const value = (async () => {
          control.progress(`fetching and checking ${entry.weights.file}`);
          const bytes = await readChecked(entry.weights);
          control.progress(`loading the ${entry.dataset} images`);
          const ds = await withCalibration(entry, await dataset(entry.dataset as PreparedDatasetId, !entry.calibration));
          return supernetEvaluator(getSpace(space), ds, bytes, entry.evaluation, entry.weights.file);
        })();
        evaluator = { id: entry.id, sha256: entry.weights.sha256, value };
        value.catch(() => {
          if (evaluator?.value === value) evaluator = null;
        });
      }
      const ev = await evaluator.value;
      if (control.cancelled()) throw new CancelledError();
      control.progress('measuring');
      const r = await ev.evaluate(genome, async () => {
        await env.yieldToEvents();
        if (control.cancelled()) throw new CancelledError();
      });
      return { genome, accuracy: r.accuracy, split: 'val', images: r.images, step: ev.weights.step };
    },
  };
}
