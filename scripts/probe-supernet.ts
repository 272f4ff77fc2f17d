/**
 * Does the supernet share its weights beyond the two subnets the sandwich rule trains every step?
 * Trains `mini` on Fashion-MNIST (Node, CPU backend) as `h4h train` does, then evaluates the largest
 * subnet with one gene changed at a time, and random subnets, after BatchNorm recalibration. The
 * README's table comes from `--steps 150` and `--steps 600` (seed 2, batch 32).
 *
 *   npm run -s probe -- --steps 150 [--seed 2] [--batch 32] [--random 5] [--checkpoint FILE]
 *
 * `--checkpoint FILE` saves the trained supernet there, or resumes from it when it exists.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  canonicalize,
  createRng,
  getSpace,
  largestGenome,
  sampleGenome,
  smallestGenome,
  validateTrainConfig,
  type Genome,
  type StageGenome,
} from '../src/core/index.js';
import { loadPreparedDatasetFromDisk } from '../src/train/dataNode.js';
import { createTrainer, type Checkpoint } from '../src/train/trainer.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string' },
    seed: { type: 'string' },
    batch: { type: 'string' },
    random: { type: 'string' },
    checkpoint: { type: 'string' },
  },
});
const int = (v: string | undefined, d: number, name: string): number => {
  const x = v === undefined ? d : Number(v);
  if (!Number.isInteger(x) || x < 1) throw new Error(`--${name}: must be a positive whole number`);
  return x;
};
const steps = int(values.steps, 150, 'steps');
const cfg = validateTrainConfig({
  steps,
  batch: int(values.batch, 32, 'batch'),
  seed: int(values.seed, 2, 'seed'),
  evalImages: 1000,
  evalEvery: 0,
  checkpointEvery: 1_000_000,
});
if (!cfg.ok) throw new Error(cfg.errors.join('\n'));

await tf.setBackend('cpu');
const space = getSpace('mini');
const ds = await loadPreparedDatasetFromDisk('fashion-mnist');
const file = values.checkpoint;
const trainer =
  file && existsSync(file)
    ? createTrainer(space, ds, cfg.value, deserialize(readFileSync(file)) as Checkpoint)
    : createTrainer(space, ds, cfg.value);
const t0 = Date.now();
while (trainer.step < steps) {
  const log = await trainer.trainStep();
  if (trainer.step % 25 === 0)
    console.error(
      `step ${trainer.step}: ${log.roles.map((r, i) => `${r} ${log.losses[i]?.toFixed(2)}`).join(', ')} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
}
if (file) writeFileSync(file, serialize(await trainer.checkpoint()));

const L = largestGenome(space);
const min = (xs: readonly number[]): number => Math.min(...xs);
const withStages = (f: (s: StageGenome, i: number) => Partial<StageGenome>, top: Partial<Genome> = {}): Genome =>
  canonicalize(space, { ...L, ...top, stages: L.stages.map((s, i) => ({ ...s, ...f(s, i) })) });
const probes: [string, Genome][] = [
  ['largest', L],
  ['smallest', smallestGenome(space)],
  ['kernel 3 everywhere', withStages((_, i) => ({ k: min(space.stages[i]?.k ?? [3]) }))],
  ['expansion at its minimum', withStages((_, i) => ({ e: min(space.stages[i]?.e ?? [1]) }))],
  ['widths at their minimum', withStages((_, i) => ({ c: min(space.stages[i]?.c ?? [8]) }))],
  [
    'depth at its minimum',
    withStages((s, i) => {
      const d = min(space.stages[i]?.d ?? [1]);
      return { d, t: s.t.slice(0, d) };
    }),
  ],
  [`resolution ${min(space.r)}`, withStages(() => ({}), { r: min(space.r) })],
  [`stem ${min(space.stem)}`, withStages(() => ({}), { stem: min(space.stem) })],
  ...space.stages.flatMap((st, si): [string, Genome][] =>
    st.hybrid
      ? [
          [
            `the last block of ${st.name} a transformer`,
            withStages((s, i) => (i === si ? { t: s.t.map((t, b) => (b === s.d - 1 && b > 0 ? 'vit' : t)) } : {})),
          ],
        ]
      : [],
  ),
];
const rng = createRng(77);
for (let i = 0; i < int(values.random, 5, 'random'); i++) probes.push([`random ${i + 1}`, sampleGenome(space, rng)]);
console.log(
  `mini, ${steps} steps (batch ${cfg.value.batch}, seed ${cfg.value.seed}), validation accuracy on ${cfg.value.evalImages} images:`,
);
for (const [name, g] of probes) console.log(`  ${name.padEnd(36)} ${(100 * (await trainer.evaluate(g))).toFixed(1).padStart(5)} %`);
trainer.dispose();
