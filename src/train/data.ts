// Training data as plain typed arrays: prepared Fashion-MNIST / MNIST binaries (scripts/prepare-data.ts),
// user-supplied CIFAR-10 binary batches, and a seeded batcher. No TF.js, no DOM, no Node: the worker
// and Node tests share it, each injecting its own file reader.
import { at as elementAt } from '../core/at.js';
import { z } from 'zod';
import { createRng, type Rng } from '../core/rng';

/** One split: `count` images, row-major count×H×W×C uint8 pixels, and `count` labels. */
export interface Split {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

export interface Dataset {
  readonly name: string;
  readonly label: string;
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly train: Split;
  readonly val: Split;
  readonly test: Split;
  /**
   * Images for BatchNorm recalibration, in the order they are used (a shipped supernet's calibration
   * file, so the page need not fetch the whole training split); without it, the trainer takes
   * `calibrationImages` training images chosen by the run's seed (`calibrationIndices`).
   */
  readonly calibration?: Split;
}

export const DATASETS = ['fashion-mnist', 'mnist', 'cifar10'] as const;
export type DatasetId = (typeof DATASETS)[number];
/** Datasets embedded by `npm run data`; CIFAR-10 is brought by the user. */
export const PREPARED_DATASETS = ['fashion-mnist', 'mnist'] as const satisfies readonly DatasetId[];
export type PreparedDatasetId = (typeof PREPARED_DATASETS)[number];

/** The prepared-data format version this code reads (scripts/prepare-data.ts `VERSION`). */
export const PREPARED_VERSION = 1;
const SPLITS = ['train', 'val', 'test'] as const;

/** Reads a file by its path relative to the data folder (`fashion-mnist/train-images.u8`). */
export type ReadFile = (file: string) => Promise<Uint8Array>;

const count = z.number().int().nonnegative();
const splitShape = z.object({
  count,
  bytes: z.object({ images: count, labels: count }),
  sha256: z.object({ images: z.string(), labels: z.string() }),
});
const manifestShape = z.object({
  version: z.number().int(),
  name: z.string(),
  label: z.string(),
  classes: z.number().int().min(2).max(256),
  classNames: z.array(z.string()),
  height: z.number().int().positive(),
  width: z.number().int().positive(),
  channels: z.number().int().positive(),
  source: z.string(),
  seed: z.number().int(),
  splits: z.object({ train: splitShape, val: splitShape, test: splitShape }),
});
export type Manifest = z.infer<typeof manifestShape>;

/**
 * Loads a dataset prepared by `npm run data` through `read`, checking the manifest and every file's
 * size against it. Errors name the file: `data/fashion-mnist/train-images.u8: expected 43120000 bytes, got 12`.
 * `only`: the splits to read (the others are empty), e.g. `['val']` to evaluate without the 43 MB of
 * training images.
 */
export async function loadPreparedDataset(
  name: PreparedDatasetId,
  read: ReadFile,
  only: readonly (typeof SPLITS)[number][] = SPLITS,
): Promise<Dataset> {
  const where = (file: string): string => `data/${name}/${file}`;
  const manifest = parseManifest(name, await read(`${name}/manifest.json`), where('manifest.json'));
  const pixels = manifest.height * manifest.width * manifest.channels;
  const splits = await Promise.all(
    SPLITS.map(async (split): Promise<Split> => {
      if (!only.includes(split)) return { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
      const meta = manifest.splits[split];
      const [images, labels] = await Promise.all([read(`${name}/${split}-images.u8`), read(`${name}/${split}-labels.u8`)]);
      expectBytes(where(`${split}-images.u8`), images, meta.count * pixels);
      expectBytes(where(`${split}-labels.u8`), labels, meta.count);
      checkLabels(where(`${split}-labels.u8`), labels, manifest.classes);
      return { images, labels, count: meta.count };
    }),
  );
  const [train, val, test] = splits as [Split, Split, Split];
  const { label, classes, classNames, height, width, channels } = manifest;
  return { name, label, classes, classNames, height, width, channels, train, val, test };
}

function parseManifest(name: string, bytes: Uint8Array, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(`${where} is not JSON (is the file missing? run \`npm run data\`)`);
  }
  const parsed = manifestShape.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${where}: ${issues.join('; ')}`);
  }
  const m = parsed.data;
  if (m.version !== PREPARED_VERSION) {
    throw new Error(`${where}: format version ${m.version}, this app reads ${PREPARED_VERSION}: run \`npm run data\``);
  }
  if (m.name !== name) throw new Error(`${where}: holds "${m.name}", expected "${name}"`);
  if (m.classNames.length !== m.classes) {
    throw new Error(`${where}: ${m.classNames.length} class names for ${m.classes} classes`);
  }
  return m;
}

function expectBytes(where: string, bytes: Uint8Array, expected: number): void {
  if (bytes.length !== expected) throw new Error(`${where}: expected ${expected} bytes, got ${bytes.length}`);
}

function checkLabels(where: string, labels: Uint8Array, classes: number): void {
  const bad = labels.findIndex((l) => l >= classes);
  if (bad >= 0) throw new Error(`${where}: label ${labels[bad]} at index ${bad} is not a class 0–${classes - 1}`);
}

/**
 * A `ReadFile` over HTTP: `${baseUrl}${file}`, e.g. `createFetchReader(\`${import.meta.env.BASE_URL}data/\`)`.
 * A 404, or the HTML page a dev server answers for a missing file, says to run `npm run data`.
 */
export function createFetchReader(baseUrl: string, fetchFn: typeof fetch = fetch, attempts = 3): ReadFile {
  return async (file) => {
    // a network error (the server busy, a connection dropped mid-file) is retried; an HTTP error is not
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetchFn(`${baseUrl}${file}`);
      } catch (e) {
        if (attempt < attempts) {
          await new Promise((r) => setTimeout(r, 250 * attempt));
          continue;
        }
        throw new Error(`data/${file}: could not be fetched after ${attempts} tries (${(e as Error).message})`);
      }
      const html = (response.headers.get('content-type') ?? '').includes('text/html');
      if (!response.ok || html) {
        throw new Error(`data/${file}: ${response.ok ? 'not found' : `HTTP ${response.status}`} (run \`npm run data\` before building)`);
      }
      try {
        return new Uint8Array(await response.arrayBuffer());
      } catch (e) {
        if (attempt >= attempts) throw new Error(`data/${file}: the download broke off after ${attempts} tries (${(e as Error).message})`);
      }
    }
  };
}

// ── CIFAR-10 (bring your own) ────────────────────────────────────────────────────────────────────

export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
const CIFAR_SIDE = 32;
const CIFAR_PLANE = CIFAR_SIDE * CIFAR_SIDE;
const CIFAR_PIXELS = CIFAR_PLANE * 3;
/** 1 label byte + 32×32 R, G, B planes. */
export const CIFAR_RECORD_BYTES = 1 + CIFAR_PIXELS;

export interface CifarFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface CifarOptions {
  /** seeds the split; default 20241012 */
  readonly seed?: number;
  /** share of each class's training records held out for validation; default 0.1 */
  readonly valFraction?: number;
  /** without `test_batch.bin`: share of each class's records held out for test; default 0.1 */
  readonly testFraction?: number;
}

const num = (n: number): string => n.toLocaleString('en-US');

/** Throws a message naming the file if `file` is not a whole number of CIFAR-10 records with labels 0–9. */
function validateCifarFile({ name, bytes }: CifarFile): void {
  if (bytes.length === 0) throw new Error(`${name}: the file is empty`);
  if (bytes.length % CIFAR_RECORD_BYTES !== 0) {
    const hint = bytes.length % (CIFAR_RECORD_BYTES + 1) === 0 ? ' (it looks like CIFAR-100, which has 2 label bytes)' : '';
    throw new Error(
      `${name}: ${num(bytes.length)} bytes is not a whole number of ${num(CIFAR_RECORD_BYTES)}-byte CIFAR-10 records ` +
        `(label + 32×32×3)${hint}; pick the binary version's data_batch_*.bin / test_batch.bin`,
    );
  }
  for (let r = 0, at = 0; at < bytes.length; r++, at += CIFAR_RECORD_BYTES) {
    const label = elementAt(bytes, at);
    if (label > 9) throw new Error(`${name}: record ${r} has label ${label}; CIFAR-10 labels are 0–9`);
  }
}

const isTestBatch = (name: string): boolean => /(^|[\\/])test_batch\.bin$/i.test(name);

/** Where one record lives: file index and byte offset. */
interface RecordRef {
  readonly file: number;
  readonly at: number;
}

/**
 * Parses CIFAR-10 binary batches (`data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`) into a
 * Dataset of HWC images (N×32×32×3). `test_batch.bin`, if given, is the test split; otherwise test is a
 * seeded per-class share of the records. Validation is a seeded per-class share of the training records.
 */
export function parseCifarBatches(files: readonly CifarFile[], opts: CifarOptions = {}): Dataset {
  if (files.length === 0) {
    throw new Error('No CIFAR-10 files given: pick data_batch_1.bin … data_batch_5.bin (and test_batch.bin) from the binary version');
  }
  files.forEach(validateCifarFile);
  const { seed = 20241012, valFraction = 0.1, testFraction = 0.1 } = opts;
  if (!(valFraction >= 0 && valFraction < 1 && testFraction >= 0 && testFraction < 1)) {
    throw new RangeError(`valFraction and testFraction must be in [0, 1), got ${valFraction} and ${testFraction}`);
  }
  const rng = createRng(seed);
  const hasTest = files.some((f) => isTestBatch(f.name));
  const pool: RecordRef[][] = CIFAR10_CLASS_NAMES.map(() => []); // training records by class
  const test: RecordRef[][] = CIFAR10_CLASS_NAMES.map(() => []);
  files.forEach((f, file) => {
    for (let at = 0; at < f.bytes.length; at += CIFAR_RECORD_BYTES) {
      (isTestBatch(f.name) ? test : pool)[elementAt(f.bytes, at)]?.push({ file, at });
    }
  });
  const train: RecordRef[][] = [];
  const val: RecordRef[][] = [];
  pool.forEach((records, c) => {
    shuffle(records, rng);
    const nTest = hasTest ? 0 : Math.floor(records.length * testFraction);
    const rest = records.slice(nTest);
    const nVal = Math.floor(rest.length * valFraction);
    if (!hasTest) test[c] = records.slice(0, nTest);
    val.push(rest.slice(0, nVal));
    train.push(rest.slice(nVal));
  });
  const toSplit = (perClass: RecordRef[][]): Split => cifarSplit(files, interleave(perClass, rng));
  return {
    name: 'cifar10',
    label: 'CIFAR-10 (your files)',
    classes: 10,
    classNames: CIFAR10_CLASS_NAMES,
    height: CIFAR_SIDE,
    width: CIFAR_SIDE,
    channels: 3,
    train: toSplit(train),
    val: toSplit(val),
    test: toSplit(test),
  };
}

/** Copies records into one split, channel-planar (RRR…GGG…BBB) → interleaved HWC (RGBRGB…). */
function cifarSplit(files: readonly CifarFile[], records: readonly RecordRef[]): Split {
  const images = new Uint8Array(records.length * CIFAR_PIXELS);
  const labels = new Uint8Array(records.length);
  records.forEach(({ file, at }, i) => {
    const src = elementAt(files, file).bytes;
    labels[i] = elementAt(src, at);
    const out = i * CIFAR_PIXELS;
    for (let p = 0; p < CIFAR_PLANE; p++) {
      images[out + p * 3] = src[at + 1 + p] as number;
      images[out + p * 3 + 1] = src[at + 1 + CIFAR_PLANE + p] as number;
      images[out + p * 3 + 2] = src[at + 1 + 2 * CIFAR_PLANE + p] as number;
    }
  });
  return { images, labels, count: records.length };
}

/** Fisher–Yates in place; works on arrays and typed arrays alike. */
function shuffle<T, A extends { length: number; [index: number]: T }>(items: A, rng: Rng): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

/**
 * Merges per-class lists so that every prefix is class-balanced to within one item per class: the
 * j-th of n items of a class gets the key (j + u) / n, u uniform in [0, 1) (as scripts/prepare-data.ts).
 */
function interleave<T>(perClass: readonly (readonly T[])[], rng: Rng): T[] {
  const keyed: { key: number; item: T }[] = [];
  for (const items of perClass) items.forEach((item, j) => keyed.push({ key: (j + rng.next()) / items.length, item }));
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.item);
}
