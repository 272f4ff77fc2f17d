/**
 * Accuracies already measured, by subnet: the lists a shipped predictor file carries (its fit's
 * samples, its test samples, its presets), keyed by `genomeKey`, so the page and `h4h paper` take a
 * subnet the project measured with the same weights and settings instead of measuring it again.
 */
import { genomeKey } from '../model/genome.js';
import type { Genome, SearchSpace } from '../types.js';

type Measured = readonly { readonly arch: Genome; readonly accuracy: number }[];

/** Every subnet of `lists` valid in `space`, keyed by `genomeKey` (the later of two equal keys wins). */
export function accuracyByKey(space: SearchSpace, lists: readonly (Measured | undefined)[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const s of list) {
      try {
        map.set(genomeKey(space, s.arch), s.accuracy);
      } catch {
        // a subnet of other choices cannot be one of this space's: skipped
      }
    }
  }
  return map;
}
