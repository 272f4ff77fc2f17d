/**
 * The search space editor: the choices the search may use, per gene and stage, as toggles; the exact
 * size of the result; presets. A toggle that would leave a gene without any choice is refused with
 * the field named. Trims narrow the search only: the page's subnet editor keeps the whole space.
 */
import { getSpace, MINI_TRIM_100K, type SpaceTrims, type StageTrim } from '../core';
import { searchSpaceOf, type SearchSettings } from '../state/search';
import { useApp } from '../state/store';

const GENES = [
  ['c', 'width'],
  ['d', 'depth'],
  ['k', 'kernel'],
  ['e', 'expansion'],
  ['m', 'MLP ratio'],
] as const;

export function SpaceEditor({
  trims,
  onChange,
}: {
  readonly trims: SpaceTrims;
  readonly onChange: (patch: Partial<SearchSettings>) => void;
}) {
  const spaceId = useApp((s) => s.spaceId);
  const space = getSpace(spaceId);
  const sp = searchSpaceOf(spaceId, trims);
  const size = 'error' in sp ? null : sp.size;
  const full = Object.keys(trims).length === 0;
  const toggle = (list: readonly number[], all: readonly number[], v: number): number[] | undefined => {
    const next = list.includes(v) ? list.filter((x) => x !== v) : all.filter((x) => x === v || list.includes(x));
    return next.length === all.length ? undefined : next;
  };
  const setTop = (field: 'r' | 'stem' | 'head', v: number): void => {
    const all = space[field] ?? [];
    const next = toggle(trims[field] ?? all, all, v);
    const { [field]: _drop, ...rest } = trims;
    void _drop;
    onChange({ trims: next === undefined ? rest : { ...rest, [field]: next } });
  };
  const setStage = (stage: string, gene: keyof Omit<StageTrim, 'hybrid'>, all: readonly number[], v: number): void => {
    const cur = trims.stages?.[stage] ?? {};
    const next = toggle(cur[gene] ?? all, all, v);
    const { [gene]: _drop, ...restGene } = cur;
    void _drop;
    const stageTrim: StageTrim = next === undefined ? restGene : { ...restGene, [gene]: next };
    const { [stage]: _s, ...otherStages } = trims.stages ?? {};
    void _s;
    const stages = Object.keys(stageTrim).length === 0 ? otherStages : { ...otherStages, [stage]: stageTrim };
    onChange({ trims: { ...trims, stages } });
  };
  const chips = (testId: string, all: readonly number[], kept: readonly number[], onToggle: (v: number) => void) => (
    <span data-testid={testId}>
      {all.map((v) => (
        <button
          key={v}
          type="button"
          className={kept.includes(v) ? 'chip on' : 'chip'}
          aria-pressed={kept.includes(v)}
          onClick={() => onToggle(v)}
        >
          {v}
        </button>
      ))}
    </span>
  );
  return (
    <details className="space-editor" open={!full || undefined}>
      <summary>
        Search space: <b data-testid="search-space-size">{size === null ? '—' : size.toLocaleString('en-US')}</b> subnets
        {full ? ` (all of ${spaceId})` : ', trimmed'}
      </summary>
      <p className="buttons">
        <button type="button" onClick={() => onChange({ trims: {} })} disabled={full}>
          Whole space
        </button>
        {spaceId === 'mini' && (
          <button type="button" data-testid="trim-100k" onClick={() => onChange({ trims: MINI_TRIM_100K })}>
            123,904 subnets (small enough to enumerate)
          </button>
        )}
      </p>
      <table>
        <tbody>
          <tr>
            <th>resolution</th>
            <td colSpan={5}>{chips('trim-r', space.r, trims.r ?? space.r, (v) => setTop('r', v))}</td>
          </tr>
          <tr>
            <th>stem width</th>
            <td colSpan={5}>{chips('trim-stem', space.stem, trims.stem ?? space.stem, (v) => setTop('stem', v))}</td>
          </tr>
          {space.head && (
            <tr>
              <th>head width</th>
              <td colSpan={5}>{chips('trim-head', space.head, trims.head ?? space.head, (v) => setTop('head', v))}</td>
            </tr>
          )}
          {space.stages.map((st) => (
            <tr key={st.name}>
              <th>{st.name}</th>
              {GENES.map(([gene, label]) =>
                gene === 'm' && !st.hybrid ? (
                  <td key={gene} />
                ) : (
                  <td key={gene} title={label}>
                    {label}{' '}
                    {chips(`trim-${st.name}-${gene}`, st[gene], trims.stages?.[st.name]?.[gene] ?? st[gene], (v) =>
                      setStage(st.name, gene, st[gene], v),
                    )}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
