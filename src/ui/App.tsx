import { useEffect } from 'react';
import { currentSystem, useApp } from '../state/store';
import { ConfigPanel } from './ConfigPanel';
import { ErrorBoundary } from './ErrorBoundary';
import { GenomeEditor } from './GenomeEditor';
import { Header } from './Header';
import { Intro } from './Intro';
import { ModelPanel } from './ModelPanel';
import { CalibrationPanel } from './CalibrationPanel';
import { Results } from './Results';
import { SearchPanel } from './SearchPanel';
import { SystemParams } from './SystemParams';
import { TrainingPanel } from './TrainingPanel';
import { UrlNotices } from './UrlNotices';
import { LearnPanel } from './learn/LearnPanel';
import { PaperPanel } from './PaperPanel';
import { LessonHost, PresenterEffect } from './learn/LearnHost';

export function App() {
  const backendStatus = useApp((s) => s.backend.status);
  const system = useApp(currentSystem);
  const inputsKey = useApp(
    (s) =>
      `${s.spaceId}|${s.systemId}|${JSON.stringify(s.hwOverrides)}|${JSON.stringify(s.genome)}|${s.model?.sha256 ?? ''}|${s.calibration ? JSON.stringify(s.calibration) : ''}`,
  );

  // Tests wait on this attribute, never on sleeps: the page is ready once the backend is known.
  useEffect(() => {
    document.body.dataset.state = backendStatus === 'pending' ? 'loading' : 'ready';
  }, [backendStatus]);

  return (
    <div className="app">
      <Header />
      <UrlNotices />
      <main className="layout" id="content" tabIndex={-1}>
        <Intro />
        <aside className="sidebar">
          <ConfigPanel />
          <ModelPanel />
          <CalibrationPanel />
          <GenomeEditor />
          <SystemParams system={system} />
        </aside>
        <div className="content">
          <ErrorBoundary what="The estimate" resetKey={inputsKey}>
            <Results />
          </ErrorBoundary>
          <ErrorBoundary what="The search" resetKey={inputsKey}>
            <SearchPanel />
          </ErrorBoundary>
          <ErrorBoundary what="Supernet training" resetKey={inputsKey}>
            <TrainingPanel />
          </ErrorBoundary>
          <ErrorBoundary what="The lessons" resetKey={inputsKey}>
            <LearnPanel />
          </ErrorBoundary>
          <ErrorBoundary what="The paper view" resetKey={inputsKey}>
            <PaperPanel />
          </ErrorBoundary>
        </div>
      </main>
      <ErrorBoundary what="The lesson" resetKey="">
        <LessonHost />
      </ErrorBoundary>
      <PresenterEffect />
    </div>
  );
}
