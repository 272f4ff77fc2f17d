import { benchEstimator } from './estimator.js';
import { initialJsGzipBytes } from './bundle.js';
import { paperCheck } from './paper.js';

/** `npm run bench`: the performance targets of SPEC §10 that exist so far, and the model check. */
const rows = [
  { ...benchEstimator('mini', 30000), target: 50000 },
  { ...benchEstimator('nasvit', 1500), target: 1000 },
];
const withTimelines = [benchEstimator('mini', 30000, 1, true), benchEstimator('nasvit', 1500, 1, true)];
console.log('estimator: full estimate (layers + npu, cim, exact hetero, parallel), u55-mram, one thread');
for (const r of rows) {
  const ok = r.perSecond >= r.target ? 'meets' : 'MISSES';
  console.log(`  ${r.space.padEnd(7)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} subnets/s  (${r.subnets} subnets in ${r.seconds.toFixed(2)} s; ${r.meanLayers.toFixed(0)} layers, ${r.meanHeteroStates.toFixed(0)} hetero DP states on average)  target ≥ ${r.target.toLocaleString('en-US')}: ${ok}`);
}
console.log('  the same, reading all four timelines too (what drawing the placement timeline adds; no target):');
for (const r of withTimelines) console.log(`  ${r.space.padEnd(7)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} subnets/s  (${r.meanEvents.toFixed(0)} timeline events per subnet)`);
const js = initialJsGzipBytes();
console.log(js
  ? `initial JavaScript (dist/, before TF.js): ${(js.bytes / 1000).toFixed(1)} KB gzipped in ${js.files.length} file(s)  target ≤ 250 KB: ${js.bytes <= 250_000 ? 'meets' : 'MISSES'}`
  : 'initial JavaScript: no dist/ build (run `npm run build` first)');
console.log('');
for (const line of paperCheck()) console.log(line);
