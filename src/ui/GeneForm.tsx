import { useState, type ReactNode } from 'react';
import { getSpace, headWidth, type Genome, type StageGenome, type StageSpec } from '../core';
import { hasVit, STAGE_GENES, type GenomeEdit, type StageGene } from '../state/genomeEdit';
import { editGene, useApp } from '../state/store';
import { ErrorList } from './ErrorList';
import { Term } from './learn/Term';

const GENE_NAMES: Readonly<Record<StageGene, string>> = { c: 'width', d: 'depth', k: 'kernel', e: 'expansion', m: 'MLP ratio' };
const GENE_HEADS: Readonly<Record<StageGene, string>> = { c: 'width', d: 'depth', k: 'kernel', e: 'exp.', m: 'MLP' };
const MLP_HINT_ID = 'gene-mlp-hint';
/** Each stage gene's letter as a glossary term (ids written out: the glossary test reads them). */
const GENE_TERMS: Readonly<Record<StageGene, ReactNode>> = {
  c: (
    <Term id="gene-c">
      <code>c</code>
    </Term>
  ),
  d: (
    <Term id="gene-d">
      <code>d</code>
    </Term>
  ),
  k: (
    <Term id="gene-k">
      <code>k</code>
    </Term>
  ),
  e: (
    <Term id="gene-e">
      <code>e</code>
    </Term>
  ),
  m: (
    <Term id="gene-m">
      <code>m</code>
    </Term>
  ),
};

/** "Stage 3 width (c)": the accessible name of a stage gene's select. */
const geneLabel = (stage: number, gene: StageGene): string => `Stage ${stage + 1} ${GENE_NAMES[gene]} (${gene})`;

interface ChoiceProps {
  readonly id: string;
  readonly value: number;
  readonly choices: readonly number[];
  readonly onPick: (value: number) => void;
  readonly label?: string | undefined;
  readonly disabled?: boolean | undefined;
  readonly title?: string | undefined;
  readonly describedBy?: string | undefined;
}

function Choice({ id, value, choices, onPick, label, disabled = false, title, describedBy }: ChoiceProps) {
  return (
    <select
      id={id}
      aria-label={label}
      value={value}
      disabled={disabled}
      title={title}
      aria-describedby={describedBy}
      onChange={(e) => onPick(Number(e.target.value))}
    >
      {choices.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}

/** Block types of one stage: the first block (and every block of a non-hybrid stage) is MBConv. */
function BlockTypes({ index, spec, stage, edit }: { index: number; spec: StageSpec; stage: StageGenome; edit: (e: GenomeEdit) => void }) {
  const n = index + 1;
  return (
    <div className="blocks" role="group" aria-label={`Stage ${n} block types`}>
      {stage.t.map((t, j) =>
        j === 0 || !spec.hybrid ? (
          <span
            key={j}
            className="block block-mb block-fixed"
            title={`Block ${j + 1}: MBConv (${j === 0 ? 'the first block carries the stride and width change' : 'stage is not hybrid'})`}
          >
            MB
          </span>
        ) : (
          <label
            key={j}
            className={`block block-${t}`}
            title={`Block ${j + 1}: ${t === 'vit' ? 'ViT' : 'MBConv'} (click or Space to toggle)`}
          >
            <input
              type="checkbox"
              aria-label={`Stage ${n} block ${j + 1} ViT`}
              checked={t === 'vit'}
              onChange={(e) => edit({ gene: 't', stage: index, block: j, value: e.target.checked ? 'vit' : 'mb' })}
            />
            <span aria-hidden="true">{t === 'vit' ? 'ViT' : 'MB'}</span>
          </label>
        ),
      )}
    </div>
  );
}

function StageRows({ index, spec, stage, edit }: { index: number; spec: StageSpec; stage: StageGenome; edit: (e: GenomeEdit) => void }) {
  const vit = hasVit(stage);
  return (
    <tbody data-stage={index + 1}>
      <tr>
        <th scope="row" rowSpan={2} title={`Stage ${index + 1} (${spec.name}), stride ${spec.stride}${spec.hybrid ? ', hybrid' : ''}`}>
          {spec.name}
        </th>
        {STAGE_GENES.map((gene) => {
          const mlpOff = gene === 'm' && !vit;
          return (
            <td key={gene}>
              <Choice
                id={`gene-s${index + 1}-${gene}`}
                label={geneLabel(index, gene)}
                value={stage[gene]}
                choices={spec[gene]}
                disabled={mlpOff}
                title={mlpOff ? `Stage ${index + 1} has no ViT block: the MLP ratio does not change the network` : undefined}
                describedBy={mlpOff ? MLP_HINT_ID : undefined}
                onPick={(value) => edit({ gene, stage: index, value })}
              />
            </td>
          );
        })}
      </tr>
      <tr className="blocks-row">
        <td colSpan={STAGE_GENES.length}>
          <BlockTypes index={index} spec={spec} stage={stage} edit={edit} />
        </td>
      </tr>
    </tbody>
  );
}

/**
 * The genome as one select per gene, generated from the space's choice lists. Every change builds
 * a genome and goes through the store's validation, like the JSON editor.
 */
export function GeneForm() {
  const genome = useApp((s) => s.genome);
  const space = getSpace(useApp((s) => s.spaceId));
  // Errors belong to the genome they were raised against; another genome clears them.
  const [failed, setFailed] = useState<{ genome: Genome; errors: readonly string[] } | null>(null);
  const edit = (e: GenomeEdit) => {
    const result = editGene(e);
    setFailed(result.ok ? null : { genome, errors: result.errors });
  };
  const errors = failed?.genome === genome ? failed.errors : [];
  const mlpOff = genome.stages.some((st) => !hasVit(st));

  return (
    <div className="gene-form" role="group" aria-label="Genome form" data-testid="genome-form" data-learn="genome" data-control="gene-form">
      <div className="gene-top">
        <label htmlFor="gene-r">
          Resolution{' '}
          <Term id="gene-r">
            <code>r</code>
          </Term>
        </label>
        <Choice id="gene-r" value={genome.r} choices={space.r} onPick={(value) => edit({ gene: 'r', value })} />
        <label htmlFor="gene-stem">
          Stem width{' '}
          <Term id="gene-stem">
            <code>stem</code>
          </Term>
        </label>
        <Choice id="gene-stem" value={genome.stem} choices={space.stem} onPick={(value) => edit({ gene: 'stem', value })} />
        {space.head && (
          <>
            <label htmlFor="gene-head">
              Head width{' '}
              <Term id="gene-head">
                <code>head</code>
              </Term>
            </label>
            <Choice
              id="gene-head"
              value={headWidth(space, genome)}
              choices={space.head}
              onPick={(value) => edit({ gene: 'head', value })}
            />
          </>
        )}
      </div>
      <div className="gene-scroll">
        <table className="genes">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              {STAGE_GENES.map((gene) => (
                <th key={gene} scope="col">
                  {GENE_HEADS[gene]} {GENE_TERMS[gene]}
                </th>
              ))}
            </tr>
          </thead>
          {space.stages.map((spec, i) => {
            const stage = genome.stages[i];
            return stage ? <StageRows key={`${space.id}-${i}`} index={i} spec={spec} stage={stage} edit={edit} /> : null;
          })}
        </table>
      </div>
      <p className="gene-note">
        Under each stage, its blocks’ types{' '}
        <Term id="gene-t">
          <code>t</code>
        </Term>
        : <Term id="mbconv">MBConv</Term> (MB) or <Term id="vit-block">transformer</Term> (ViT); tick a block to make it a ViT.
      </p>
      {mlpOff && (
        <p id={MLP_HINT_ID} className="gene-note">
          <code>m</code> is disabled in stages without a ViT block: it would not change the network.
        </p>
      )}
      <ErrorList title="Change not applied — the previous genome is kept:" errors={errors} testId="gene-errors" />
    </div>
  );
}
