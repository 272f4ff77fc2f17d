import type { Estimate, Genome, SchemaId } from '../core';
import { SCHEMA_LABELS } from '../core';

interface BlockView {
  readonly stage: number;
  readonly block: number;
  readonly label: string;
  readonly type: 'stem' | 'mb' | 'vit' | 'head';
  readonly layers: readonly number[];
  readonly npu: number;
  readonly cim: number;
  readonly split: number;
}

/** Groups the layer list into the subnet's blocks (stem, each stage's blocks, head) with where each block's layers run. */
export function blocksOf(estimate: Estimate, genome: Genome, schema: SchemaId): BlockView[] {
  const placement = estimate.schemas[schema].placement;
  const byKey = new Map<string, { -readonly [K in keyof BlockView]: BlockView[K] } & { layers: number[] }>();
  estimate.layers.forEach((l, i) => {
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

/**
 * The subnet as stages of blocks: the border says the block type (MBConv, ViT), the bar underneath
 * where its layers run under the layer table's schema (NPU, CIM, split across both).
 */
export function ArchitectureView({ estimate, genome, schema }: { readonly estimate: Estimate; readonly genome: Genome; readonly schema: SchemaId }) {
  const blocks = blocksOf(estimate, genome, schema);
  const stages = [...new Set(blocks.map((b) => b.stage))].sort((a, b) => a - b);
  return (
    <div className="arch" data-testid="arch-view" aria-label={`architecture: the blocks of each stage, and where ${SCHEMA_LABELS[schema]} runs their layers`}>
      {stages.map((s) => (
        <div key={s} className="arch-stage">
          <div className="arch-stage-name">{s === 0 ? 'stem' : s > genome.stages.length ? 'head' : `s${s} · c${genome.stages[s - 1]?.c ?? ''}`}</div>
          <div className="arch-blocks">
            {blocks.filter((b) => b.stage === s).map((b) => {
              const n = b.layers.length;
              return (
                <div key={`${b.block}:${b.type}`} className={`arch-block arch-${b.type}`} data-type={b.type} data-npu={b.npu} data-cim={b.cim} data-split={b.split} title={`${b.label}: ${n} layers — ${b.npu} on the NPU, ${b.cim} on the CIM${b.split ? `, ${b.split} split` : ''}`}>
                  <span>{b.label}</span>
                  <span className="arch-bar">
                    <i className="unit-NPU" style={{ flexGrow: b.npu }} />
                    <i className="unit-CIM" style={{ flexGrow: b.cim }} />
                    <i className="unit-split" style={{ flexGrow: b.split }} />
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
