/**
 * The search space editor: the choices the search may use, per gene and stage, as toggles; the exact
 * size of the result; presets. A toggle that would leave a gene without any choice is refused with
 * the field named. Trims narrow the search only: the page's subnet editor keeps the whole space.
 */
import { getSpace, MINI_TRIM_100K, type SpaceTrims, type StageSpec } from '../core';
import { searchSpaceOf, type SearchSettings } from '../state/search';
import { useApp } from '../state/store';
import { toggleStageTrim, toggleTopTrim } from './trimToggles';

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
  const setTop = (field: 'r' | 'stem' | 'head', v: number): void => onChange({ trims: toggleTopTrim(trims, space, field, v) });
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
            <td colSpan={5}>
              <Chips testId="trim-r" all={space.r} kept={trims.r ?? space.r} onToggle={(v) => setTop('r', v)} />
            </td>
          </tr>
          <tr>
            <th>stem width</th>
            <td colSpan={5}>
              <Chips testId="trim-stem" all={space.stem} kept={trims.stem ?? space.stem} onToggle={(v) => setTop('stem', v)} />
            </td>
          </tr>
          {space.head && (
            <tr>
              <th>head width</th>
              <td colSpan={5}>
                <Chips testId="trim-head" all={space.head} kept={trims.head ?? space.head} onToggle={(v) => setTop('head', v)} />
              </td>
            </tr>
          )}
          {space.stages.map((st) => (
            <StageRow key={st.name} stage={st} trims={trims} onChange={onChange} />
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** One stage's genes, each a row of chips; the MLP ratio only where the stage is hybrid. */
function StageRow({
  stage: st,
  trims,
  onChange,
}: {
  readonly stage: StageSpec;
  readonly trims: SpaceTrims;
  readonly onChange: (patch: Partial<SearchSettings>) => void;
}) {
  return (
    <tr>
      <th>{st.name}</th>
      {GENES.map(([gene, label]) =>
        gene === 'm' && !st.hybrid ? (
          <td key={gene} />
        ) : (
          <td key={gene} title={label}>
            {label}{' '}
            <Chips
              testId={`trim-${st.name}-${gene}`}
              all={st[gene]}
              kept={trims.stages?.[st.name]?.[gene] ?? st[gene]}
              onToggle={(v) => onChange({ trims: toggleStageTrim(trims, st.name, gene, st[gene], v) })}
            />
          </td>
        ),
      )}
    </tr>
  );
}

/** A gene's choices as toggle buttons, pressed when kept. */
function Chips({
  testId,
  all,
  kept,
  onToggle,
}: {
  readonly testId: string;
  readonly all: readonly number[];
  readonly kept: readonly number[];
  readonly onToggle: (v: number) => void;
}) {
  return (
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
}
