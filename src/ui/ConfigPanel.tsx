import { SPACES, SYSTEMS } from '../core';
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
