/**
 * The search (SPEC §6, §8), assembled from its parts in `ui/search/`: the settings form, the run
 * controls and status line, and the results (plots, hypervolume, front table). Clicking a point or a
 * row makes that subnet the page's subnet, so the estimate tables above follow it.
 */
import { useSearch } from '../state/search';
import { Panel } from './Panel';
import { Controls } from './search/Controls';
import { Results } from './search/Results';
import { SettingsForm } from './search/SettingsForm';
import './search/search.css';

export function SearchPanel() {
  const status = useSearch((s) => s.status);
  const running = status === 'running' || status === 'pausing';
  return (
    <Panel id="search" title="Search: NSGA-II over subnets" className="search-panel" data-testid="search-panel" data-status={status}>
      <SettingsForm disabled={running || status === 'paused'} />
      <Controls />
      <Results />
    </Panel>
  );
}
