import type { Genome, Layer, Placement } from '../types.js';

/** A block of a subnet (stem, an MBConv or ViT block of a stage, head) and where its layers run. */
export interface Block {
  readonly stage: number;
  readonly block: number;
  readonly type: 'stem' | 'mb' | 'vit' | 'head';
  /** `MB k5 e6`, `ViT m2`, `stem`, `head` */
  readonly label: string;
  /** indices into the layer list, in order */
  readonly layers: readonly number[];
  /** how many of its layers the schema places on each unit */
  readonly npu: number;
  readonly cim: number;
  readonly split: number;
}

/**
 * Groups a subnet's layer list into its blocks, in order, with the placement a schema chose for
 * each layer counted per block. Every layer belongs to exactly one block.
 */
export function blocksOf(layers: readonly Layer[], placement: readonly Placement[], genome: Genome): Block[] {
  const byKey = new Map<string, { -readonly [K in keyof Block]: Block[K] } & { layers: number[] }>();
  layers.forEach((l, i) => {
    const key = `${l.stage}:${l.block}:${l.group}`;
    let b = byKey.get(key);
    if (!b) {
      const st = genome.stages[l.stage - 1];
      const type = l.group === 'vit' ? 'vit' : l.group === 'mb' ? 'mb' : l.group === 'head' ? 'head' : 'stem';
      const label = type === 'vit' ? `ViT m${st?.m ?? ''}` : type === 'mb' ? `MB k${st?.k ?? ''} e${st?.e ?? ''}` : type;
      b = { stage: l.stage, block: l.block, label, type, layers: [], npu: 0, cim: 0, split: 0 };
      byKey.set(key, b);
    }
    b.layers.push(i);
    const p = placement[i];
    if (p === 'CIM') b.cim++;
    else if (p === 'split') b.split++;
    else b.npu++;
  });
  return [...byKey.values()];
}
