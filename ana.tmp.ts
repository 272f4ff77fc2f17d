import { readFileSync } from 'node:fs';
import { createRng, expandGenome, fitRidge, getSpace, kendallTau, predict, totalMacs, totalParams, type Genome } from './src/core/index.js';
const doc = JSON.parse(readFileSync(process.argv[2] as string, 'utf8'));
const space = getSpace('mini');
const pairs: { genome: Genome; accuracy: number }[] = doc.predictor.pairs.map((p: { arch: Genome; accuracy: number }) => ({ genome: p.arch, accuracy: p.accuracy }));
console.log('n', pairs.length, 'acc range', Math.min(...pairs.map(p=>p.accuracy)), Math.max(...pairs.map(p=>p.accuracy)), 'largest/smallest', doc.accuracy);
const macs = pairs.map(p => totalMacs(expandGenome(space, p.genome)));
const params = pairs.map(p => totalParams(expandGenome(space, p.genome)));
const vit = pairs.map(p => p.genome.stages.reduce((a, s) => a + s.t.filter(t => t === 'vit').length, 0));
const acc = pairs.map(p => p.accuracy);
console.log('tau(MACs, acc) all', kendallTau(macs, acc).toFixed(3), 'tau(params, acc)', kendallTau(params, acc).toFixed(3), 'tau(-vit, acc)', kendallTau(vit.map(v=>-v), acc).toFixed(3));
const rng = createRng(7);
let sumRidge = 0, sumMacs = 0; const S = 50;
for (let s = 0; s < S; s++) {
  const idx = pairs.map((_, i) => i); for (let i = idx.length - 1; i > 0; i--) { const j = rng.int(i + 1); [idx[i], idx[j]] = [idx[j]!, idx[i]!]; }
  const nTest = Math.floor(pairs.length / 5); const test = idx.slice(0, nTest), train = idx.slice(nTest);
  const p = fitRidge(space, train.map(i => pairs[i]!));
  sumRidge += kendallTau(test.map(i => predict(p, space, pairs[i]!.genome)), test.map(i => acc[i]!));
  sumMacs += kendallTau(test.map(i => macs[i]!), test.map(i => acc[i]!));
}
console.log('mean held-out tau over', S, 'splits: ridge', (sumRidge/S).toFixed(3), ' MACs alone', (sumMacs/S).toFixed(3));
