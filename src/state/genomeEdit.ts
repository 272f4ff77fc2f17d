/**
 * One gene change of a genome, as plain data, and the pure function that applies it. The genome form
 * builds a `GenomeEdit` per control change; the store validates the result like any other genome.
 */
import type { BlockType, Genome, StageGenome } from '../core';

/** The per-stage genes with a numeric choice list (block types are edited slot by slot). */
export type StageGene = 'c' | 'd' | 'k' | 'e' | 'm';
export const STAGE_GENES: readonly StageGene[] = ['c', 'd', 'k', 'e', 'm'];

/** A change of a stage gene: one numeric gene, or the type of one block slot. */
export type StageEdit =
  | { readonly gene: StageGene; readonly stage: number; readonly value: number }
  | { readonly gene: 't'; readonly stage: number; readonly block: number; readonly value: BlockType };

/** A change of a genome-level gene: `head` only in spaces where it is a gene (the store's validation says so otherwise). */
export type GenomeEdit = { readonly gene: 'r' | 'stem' | 'head'; readonly value: number } | StageEdit;

/**
 * The stage at depth `d`: the block-type list is truncated, or extended with MBConv blocks, so that
 * it always has one type per active block.
 */
export function withDepth(stage: StageGenome, d: number): StageGenome {
  const t = Array.from({ length: Math.max(0, d) }, (_, j): BlockType => stage.t[j] ?? 'mb');
  return { ...stage, d, t };
}

/** Whether any active block of the stage is a transformer (else its MLP ratio changes nothing). */
export const hasVit = (stage: StageGenome): boolean => stage.t.slice(0, stage.d).includes('vit');

function editStage(stage: StageGenome, edit: StageEdit): StageGenome {
  switch (edit.gene) {
    case 'd':
      return withDepth(stage, edit.value);
    case 't':
      // Only active slots exist; anything else is not an edit of this stage.
      if (edit.block < 0 || edit.block >= stage.t.length) return stage;
      return { ...stage, t: stage.t.map((x, j) => (j === edit.block ? edit.value : x)) };
    default:
      return { ...stage, [edit.gene]: edit.value };
  }
}

/**
 * Applies one gene change and returns the new genome; untouched stages keep their identity. It does
 * not validate: the result goes through `core.validateGenome` like typed JSON does.
 */
export function editGenome(genome: Genome, edit: GenomeEdit): Genome {
  if (!('stage' in edit)) return { ...genome, [edit.gene]: edit.value };
  if (edit.stage < 0 || edit.stage >= genome.stages.length) return genome;
  return { ...genome, stages: genome.stages.map((st, i) => (i === edit.stage ? editStage(st, edit) : st)) };
}
