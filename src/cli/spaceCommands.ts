/** `h4h space` (a space's genes and choices, exact size, MAC range) and `h4h sample` (genomes drawn from it). */
import { createRng, largestGenome, macRange, presetIdOf, sampleGenome, smallestGenome, spaceSize } from '../core/index.js';
import { enumArg, intArg, spaceFileArg } from './args.js';
import { out, str, type Values } from './options.js';
import { spaceText } from './text.js';

export function cmdSpace(v: Values): void {
  const space = spaceFileArg(str(v, 'space'));
  const range = macRange(space);
  const size = spaceSize(space);
  out(
    v.json === true,
    { ...space, size: size.toString(), macs: { min: range.minMacs, max: range.maxMacs }, smallest: range.smallest, largest: range.largest },
    () => spaceText(space, size, range),
  );
}

export function cmdSample(v: Values): void {
  const space = spaceFileArg(str(v, 'space'));
  const seed = intArg('--seed', str(v, 'seed'), 1, 0, 2 ** 32 - 1);
  const count = intArg('--count', str(v, 'count'), 5, 1, 100000);
  const kind = enumArg('--kind', str(v, 'kind'), ['random', 'smallest', 'largest'] as const, 'random');
  const rng = createRng(seed);
  // a trimmed space's genomes are written as genomes of its preset (any command reads them so)
  const genomes = Array.from({ length: count }, () =>
    kind === 'smallest' ? smallestGenome(space) : kind === 'largest' ? largestGenome(space) : sampleGenome(space, rng),
  ).map((g) => ({ ...g, space: presetIdOf(g.space) }));
  out(v.json === true, { space: space.id, seed, kind, genomes }, () => genomes.map((g) => JSON.stringify(g)).join('\n'));
}
