/**
 * Training throughput on WebGPU in Node, through Dawn (the npm package `webgpu`), beside TF.js's CPU
 * backend on the same machine: SPEC §10's "WebGPU on a real GPU ≥ 10× the CPU backend", measured on a
 * headless GPU machine that has no browser. The measurement is the one `npm run bench` makes in Node
 * and in Chromium's worker (`benchTraining`: one subnet's step, forward + backward + Adam, batch 64).
 *
 *   npm i --no-save webgpu && npm run -s bench:dawn -- [--batch 64] [--steps 10] [--cpu-steps 3]
 *     [--dataset mnist] [--backends webgpu,cpu] [--submit-batch 15]
 *
 * `webgpu` is not a dependency (51 MB, one binary per platform); H4H_DAWN_NODE names a `dawn.node`
 * file to load instead. Prints one JSON object: the adapter, then a row per backend and subnet.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { getSpace } from '../src/core/index.js';
import { benchTraining, type TrainBench } from '../src/train/bench.js';
import type { PreparedDatasetId } from '../src/train/data.js';
import { loadPreparedDatasetFromDisk } from '../src/train/dataNode.js';
import { installWebGpuKernels } from '../src/train/webgpuKernels.js';

interface Dawn {
  create(flags: string[]): { requestAdapter(o?: object): Promise<{ info?: Record<string, unknown> } | null> };
  globals: Record<string, unknown>;
}

async function loadDawn(): Promise<Dawn> {
  const file = process.env.H4H_DAWN_NODE;
  if (file) return createRequire(import.meta.url)(file) as Dawn;
  try {
    return (await import('webgpu' as string)) as Dawn;
  } catch {
    throw new Error('the npm package `webgpu` is not installed: run `npm i --no-save webgpu`, or set H4H_DAWN_NODE to a dawn.node file');
  }
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : undefined;
  if (i >= 0 && v === undefined) throw new Error(`--${name} needs a value`);
  return v ?? fallback;
}

function positiveInt(name: string, fallback: number): number {
  const v = Number(flag(name, String(fallback)));
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${flag(name, '')}`);
  return v;
}

async function main(): Promise<void> {
  const batch = positiveInt('batch', 64);
  const steps = positiveInt('steps', 10);
  const cpuSteps = positiveInt('cpu-steps', 3);
  const dataset = flag('dataset', 'mnist') as PreparedDatasetId;
  // TF.js's WebGPU backend submits a command buffer every N dispatches (its default: 15)
  const submitBatch = process.argv.includes('--submit-batch') ? positiveInt('submit-batch', 15) : undefined;
  const dawn = await loadDawn();
  Object.assign(globalThis, dawn.globals); // GPUBufferUsage, GPUMapMode, … as the backend expects them
  const gpu = dawn.create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu'); // registers 'webgpu' only where navigator.gpu exists
  installWebGpuKernels(); // the app's worker installs them too
  if (submitBatch) tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', submitBatch); // a flag the import registers
  const probe = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!probe) throw new Error('Dawn found no WebGPU adapter (no Vulkan driver, or no GPU)');
  const info = probe.info ?? {};
  const adapter = {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: info.isFallbackAdapter,
  };

  const space = getSpace('mini');
  const ds = await loadPreparedDatasetFromDisk(dataset);
  const results: TrainBench[] = [];
  const backends = flag('backends', 'webgpu,cpu').split(',');
  for (const b of backends) if (b !== 'webgpu' && b !== 'cpu') throw new Error(`--backends: ${b} is not webgpu or cpu`);
  for (const [backend, n] of [
    ['webgpu', steps],
    ['cpu', cpuSteps],
  ] as const) {
    if (!backends.includes(backend)) continue;
    if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not initialise`);
    await tf.ready();
    results.push(await benchTraining(space, ds, batch, n));
    process.stderr.write(`${backend} done\n`);
  }
  const rate = (b: string, s: string): number =>
    results.find((r) => r.backend === b)?.rows.find((r) => r.subnet === s)?.imagesPerSec ?? NaN;
  const ratio = {
    largest: rate('webgpu', 'largest') / rate('cpu', 'largest'),
    smallest: rate('webgpu', 'smallest') / rate('cpu', 'smallest'),
  };
  console.log(
    JSON.stringify(
      {
        node: process.version,
        dataset,
        batch,
        submitBatch: tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE'),
        adapter,
        results,
        webgpuOverCpu: ratio,
      },
      null,
      2,
    ),
  );
}

main().catch((e: unknown) => {
  console.error(`bench:dawn: ${(e as Error).message}`);
  process.exit(1);
});
