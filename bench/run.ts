import { benchEstimator } from './estimator.js';
import { initialJsGzipBytes } from './bundle.js';
import { paperCheck } from './paper.js';
import { benchParetoBrowser, benchSearch } from './search.js';
import { benchFirstLoss, benchTrainBrowser, benchTrainNode, type TrainBenchRow } from './train.js';

/** `npm run bench`: the performance targets of SPEC §10 that exist so far, and the model check. */
const rows = [
  { ...benchEstimator('mini', 30000), target: 50000 },
  { ...benchEstimator('nasvit', 1500), target: 1000 },
];
const withTimelines = [benchEstimator('mini', 30000, 1, true), benchEstimator('nasvit', 1500, 1, true)];
console.log('estimator: full estimate (layers + npu, cim, exact hetero, parallel), u55-mram, one thread');
for (const r of rows) {
  const ok = r.perSecond >= r.target ? 'meets' : 'MISSES';
  console.log(`  ${r.space.padEnd(7)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} subnets/s  (${r.subnets} subnets in ${r.seconds.toFixed(2)} s, median of 3 passes; ${r.meanLayers.toFixed(0)} layers, ${r.meanHeteroStates.toFixed(0)} hetero DP states on average)  target ≥ ${r.target.toLocaleString('en-US')}: ${ok}`);
}
console.log('  the same, reading all four timelines too (what drawing the placement timeline adds; no target):');
for (const r of withTimelines) console.log(`  ${r.space.padEnd(7)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} subnets/s  (${r.meanEvents.toFixed(0)} timeline events per subnet)`);
const js = initialJsGzipBytes();
console.log(js
  ? `initial JavaScript (dist/, before TF.js): ${(js.bytes / 1000).toFixed(1)} KB gzipped in ${js.files.length} file(s)  target ≤ 250 KB: ${js.bytes <= 250_000 ? 'meets' : 'MISSES'}`
  : 'initial JavaScript: no dist/ build (run `npm run build` first)');
console.log('');
for (const line of paperCheck()) console.log(line);

// ── search (SPEC §10) ─────────────────────────────────────────────────────────────────────────────
{
  const { nsga, quality: q } = benchSearch();
  console.log('');
  console.log(`search: NSGA-II, population ${nsga.population} × ${nsga.generations} generations, proxy accuracy, ${nsga.space}, objectives ${nsga.objectives.join(', ')}: ${nsga.seconds.toFixed(2)} s (${nsga.evaluations} distinct subnets evaluated, front of ${nsga.frontSize})  target < 1 s: ${nsga.seconds < 1 ? 'meets' : 'MISSES'}`);
  console.log(`  quality: hypervolume after ${q.evaluations} evaluations / exhaustive front of ${q.space} (${q.subnets.toLocaleString('en-US')} subnets, enumerated in ${q.enumerationSeconds.toFixed(1)} s): ${(q.ratio * 100).toFixed(2)} %  target ≥ 99 %: ${q.ratio >= 0.99 ? 'meets' : 'MISSES'}`);
  console.log(`  (bounds: accuracy 0–1, others from the smallest and largest subnets; reference point ${q.ref.join(', ')} on normalised objectives. Stricter, normalised to the exhaustive front's own range: evolved ${(q.tightRatio * 100).toFixed(1)} %, as many random subnets ${(q.randomTightRatio * 100).toFixed(1)} %; the initial population alone ${(q.initialRatio * 100).toFixed(1)} % on the stated bounds)`);
}

// ── Pareto plot redraw (SPEC §10): 10,000 points, < 16 ms after a hover or brush ─────────────────
try {
  const p = await benchParetoBrowser();
  console.log(`  main thread during a search in the page (${p.search.population} × ${p.search.generations}, plots drawing, ${p.search.seconds.toFixed(1)} s): ${p.search.longTasks} task(s) ≥ 50 ms${p.search.longTasks ? `, the longest ${p.search.longestMs.toFixed(0)} ms` : ''}  target none > 50 ms: ${p.search.longestMs <= 50 ? 'meets' : 'MISSES'}`);
  console.log(`  Pareto plot, ${p.points.toLocaleString('en-US')} subnets (front ${p.frontSize}) on a canvas in ${p.browser}: brush redraw ${p.brushRedrawMs.toFixed(2)} ms median (max ${p.brushRedrawMaxMs.toFixed(2)}), hover ${p.hoverMs < 0.1 ? '< 0.1' : p.hoverMs.toFixed(2)} ms (the page clock's resolution is 0.1 ms); layout on new data ${p.layoutMs.toFixed(1)} ms  target redraw < 16 ms: ${p.brushRedrawMs < 16 ? 'meets' : 'MISSES'}`);
} catch (e) {
  console.log(`  Pareto plot redraw: not run (${(e as Error).message})`);
}

// ── supernet training throughput (SPEC §10): largest and smallest mini subnets, batch 64 ──────────
const BATCH = 64;
const STEPS = 3;
console.log('');
console.log(`training: images/s of one subnet's training step (forward, backward, Adam), mini on Fashion-MNIST, batch ${BATCH}, ${STEPS} timed steps after 1 warm-up; peak = tf.profile peakBytes of a step`);
const fmtRow = (r: TrainBenchRow): string[] =>
  r.rows.map((x) => `  ${`${r.where}, ${r.backend}${r.adapter ? ` [${r.adapter}]` : ''}`.padEnd(64)} ${x.subnet.padEnd(8)} ${x.imagesPerSec.toFixed(1).padStart(8)} images/s  ${x.msPerStep.toFixed(0).padStart(6)} ms/step  peak ${(x.peakBytes / 2 ** 20).toFixed(1)} MiB`);
const node = await benchTrainNode(BATCH, STEPS);
for (const line of fmtRow(node)) console.log(line);
try {
  for (const r of await benchTrainBrowser(BATCH, STEPS)) {
    if ('error' in r) console.log(`  ${`${r.where}, ${r.backend}`.padEnd(64)} not available: ${r.error}`);
    else for (const line of fmtRow(r)) console.log(line);
  }
} catch (e) {
  console.log(`  headless Chromium: not run (${(e as Error).message})`);
}
console.log('  target: WebGPU on a real GPU ≥ 10× the CPU backend. A software adapter (SwiftShader) says nothing about it; on a headless GPU machine, `npm i --no-save webgpu && npm run -s bench:dawn` measures WebGPU (Dawn) against the CPU backend there (README: 34× on an H100)');
try {
  const f = await benchFirstLoss();
  console.log(`  first loss point from the defaults (${f.where}, auto → ${f.backend}; ${f.why}): ${(f.firstLossMs / 1000).toFixed(1)} s after Train (page ready after ${(f.readyMs / 1000).toFixed(1)} s, the probe included)  target ≤ 30 s: ${f.firstLossMs <= 30_000 ? 'meets' : 'MISSES'}`);
} catch (e) {
  console.log(`  first loss point from the defaults: not run (${(e as Error).message})`);
}
