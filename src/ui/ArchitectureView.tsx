import { useMemo } from 'react';
import { blocksOf, SCHEMA_LABELS, type Estimate, type Genome, type SchemaId } from '../core';
import { Term } from './learn/Term';

/**
 * The subnet as stages of blocks: the border says the block type (MBConv, ViT), the bar underneath
 * where its layers run under the layer table's schema (NPU, CIM, split across both). The block of
 * the selected layer is marked; clicking a block selects its first layer (table and timeline follow).
 */
export function ArchitectureView({
  estimate,
  genome,
  schema,
  selectedLayer,
  onSelectLayer,
}: {
  readonly estimate: Estimate;
  readonly genome: Genome;
  readonly schema: SchemaId;
  readonly selectedLayer: number | null;
  readonly onSelectLayer: (layer: number | null) => void;
}) {
  const blocks = useMemo(() => blocksOf(estimate.layers, estimate.schemas[schema].placement, genome), [estimate, schema, genome]);
  const stages = [...new Set(blocks.map((b) => b.stage))].sort((a, b) => a - b);
  return (
    <>
      <p className="hint arch-legend">
        Border: <Term id="mbconv">MBConv</Term> or <Term id="vit-block">ViT</Term> block (<Term id="gene-t">t</Term>); bar: its layers on
        the <Term id="npu">NPU</Term>, on the <Term id="cim">CIM</Term> or split between them (
        <Term id="schema-parallel">{SCHEMA_LABELS.parallel}</Term>).
      </p>
      <div
        className="arch"
        data-testid="arch-view"
        data-learn="architecture"
        aria-label={`architecture: the blocks of each stage, and where ${SCHEMA_LABELS[schema]} runs their layers`}
      >
        {stages.map((s) => (
          <div key={s} className="arch-stage">
            <div className="arch-stage-name">
              {s === 0 ? 'stem' : s > genome.stages.length ? 'head' : `s${s} · c${genome.stages[s - 1]?.c ?? ''}`}
            </div>
            <div className="arch-blocks">
              {blocks
                .filter((b) => b.stage === s)
                .map((b) => {
                  const n = b.layers.length;
                  const selectedHere = selectedLayer !== null && b.layers.includes(selectedLayer);
                  return (
                    <button
                      type="button"
                      key={`${b.block}:${b.type}`}
                      className={`arch-block arch-${b.type}${selectedHere ? ' arch-selected' : ''}`}
                      aria-pressed={selectedHere}
                      data-type={b.type}
                      data-npu={b.npu}
                      data-cim={b.cim}
                      data-split={b.split}
                      data-first-layer={b.layers[0]}
                      title={`${b.label}: ${n} layers (#${b.layers[0] ?? ''}–#${b.layers[n - 1] ?? ''}) — ${b.npu} on the NPU, ${b.cim} on the CIM${b.split ? `, ${b.split} split` : ''}`}
                      onClick={() => onSelectLayer(selectedHere ? null : (b.layers[0] ?? null))}
                    >
                      <span>{b.label}</span>
                      <span className="arch-bar">
                        <i className="unit-NPU" style={{ flexGrow: b.npu }} />
                        <i className="unit-CIM" style={{ flexGrow: b.cim }} />
                        <i className="unit-split" style={{ flexGrow: b.split }} />
                      </span>
                    </button>
                  );
                })}
            </div>
          </div>
        ))}
      </div>
    </>
  );
}
