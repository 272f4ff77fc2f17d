import { getSpace, macRange, spaceSize, SPACES, SYSTEMS } from '../core';
import { fmtCompact, fmtInt } from './format';
import { setSpace, setSystem, useApp } from '../state/store';

/** Search space and hardware system pickers. */
export function ConfigPanel() {
  const spaceId = useApp((s) => s.spaceId);
  const systemId = useApp((s) => s.systemId);
  return (
    <section className="panel" aria-labelledby="config-title">
      <h2 id="config-title">Configuration</h2>
      <div className="field">
        <label htmlFor="space-select">Search space</label>
        <select id="space-select" data-testid="space-select" value={spaceId} onChange={(e) => setSpace(e.target.value)}>
          {Object.values(SPACES).map((space) => (
            <option key={space.id} value={space.id}>
              {space.label}
            </option>
          ))}
        </select>
      </div>
      <SpaceFacts spaceId={spaceId} />
      <div className="field">
        <label htmlFor="system-select">Hardware system</label>
        <select id="system-select" data-testid="system-select" value={systemId} onChange={(e) => setSystem(e.target.value)}>
          {Object.values(SYSTEMS).map((system) => (
            <option key={system.id} value={system.id}>
              {system.label}
            </option>
          ))}
        </select>
      </div>
    </section>
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
      <span data-field="minMacs" data-value={String(range.minMacs)} title={fmtInt(range.minMacs)}>{fmtCompact(range.minMacs)}</span>
      {' – '}
      <span data-field="maxMacs" data-value={String(range.maxMacs)} title={fmtInt(range.maxMacs)}>{fmtCompact(range.maxMacs)}</span>
    </p>
  );
}
