import { lazy, Suspense } from 'react';
import { Panel } from './Panel';

// the view, its charts and its CSV are loaded the first time the panel opens (the page's first JavaScript stays small)
const PaperView = lazy(() => import('./paper/PaperView'));

/** "Does it reproduce the paper?": the paper's three claims re-run on the page's space and hardware (issue 17). */
export function PaperPanel() {
  return (
    <Panel id="paper" title="Does it reproduce the paper?">
      <Suspense fallback={<p className="hint">Loading the paper view…</p>}>
        <PaperView />
      </Suspense>
    </Panel>
  );
}
