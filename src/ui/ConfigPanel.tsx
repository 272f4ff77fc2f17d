import { getSpace, macRange, spaceSize, SPACES, SYSTEMS } from '../core';
import { fmtCompact, fmtInt } from './format';
import { setSpace, setSystem, useApp } from '../state/store';

/** Search space and hardware system pickers. */
export function ConfigPanel() {
  const spaceId = useApp((s) => s.spaceId);
  const systemId = useApp((s) => s.systemId);
  return (
    <section className="panel" aria-labelledby="config-title" data-control="config">
      <h2 id="config-title">Configuration</h2>
      <Picker learn="space" id="space-select" label="Search space" value={spaceId} options={Object.values(SPACES)} onPick={setSpace} />
      <SpaceFacts spaceId={spaceId} />
      <Picker
        learn="system"
        id="system-select"
        label="Hardware system"
        value={systemId}
        options={Object.values(SYSTEMS)}
        onPick={setSystem}
      />
    </section>
  );
}

/** A labelled select over presets (`id`, `label`). */
function Picker({
  learn,
  id,
  label,
  value,
  options,
  onPick,
}: {
  learn: string;
  id: string;
  label: string;
  value: string;
  options: readonly { id: string; label: string }[];
  onPick: (id: string) => void;
}) {
  return (
    <div className="field" data-learn={learn}>
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={id} value={value} onChange={(e) => onPick(e.target.value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Exact size of the space and its MAC range (core: spaceSize, macRange). */
function SpaceFacts({ spaceId }: { spaceId: string }) {
  const space = getSpace(spaceId);
  const size = spaceSize(space);
  const range = macRange(space);
  return (
    <p className="facts" data-testid="space-facts">
      <span data-field="size" data-value={size.toString()} title={`${size.toLocaleString('en-US')} distinct subnets (exact)`}>
        {size.toLocaleString('en-US')} subnets
      </span>
      {' · MACs '}
      <span data-field="minMacs" data-value={String(range.minMacs)} title={fmtInt(range.minMacs)}>
        {fmtCompact(range.minMacs)}
      </span>
      {' – '}
      <span data-field="maxMacs" data-value={String(range.maxMacs)} title={fmtInt(range.maxMacs)}>
        {fmtCompact(range.maxMacs)}
      </span>
    </p>
  );
}
