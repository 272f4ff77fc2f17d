import { Panel } from './Panel';
import PaperView from './paper/PaperView';

/** "Does it reproduce the paper?": the paper's three claims re-run on the page's space and hardware (issue 17). */
export function PaperPanel() {
  return (
    <Panel id="paper" title="Does it reproduce the paper?">
      <PaperView />
    </Panel>
  );
}
