/**
 * The run controls (Search is the primary action; Pause, Resume, Cancel secondary; opening a run
 * record) and the status line, which always says which configuration the results on screen belong
 * to: the current one, a run restored from the page's cache, or — with only a ghost — the previous one.
 */
import { useShallow } from 'zustand/react/shallow';
import { RUN_RECORD_LIMITS } from '../../core';
import { cancelSearch, describeContext, importRunRecord, pauseSearch, refuseRunRecord, startSearch, useSearch } from '../../state/search';
import { applyLinkHash } from '../../state/urlSync';
import { openCustomLesson } from '../../state/lessonPlay';
import { FilePicker } from './FilePicker';
import { Term } from '../learn/Term';

export function Controls() {
  const s = useSearch(useShallow((x) => ({ status: x.status, context: x.context, ghost: x.ghost, restored: x.restored })));
  const running = s.status === 'running' || s.status === 'pausing';
  return (
    <div className="search-controls">
      <div className="search-buttons" data-learn="search-run">
        <button
          type="button"
          className="primary btn-primary"
          data-testid="search-start"
          disabled={running}
          onClick={() => void startSearch(false)}
        >
          {s.status === 'idle' ? 'Search' : 'Search again'}
        </button>
        <button type="button" data-testid="search-pause" disabled={s.status !== 'running'} onClick={pauseSearch}>
          Pause
        </button>
        <button type="button" data-testid="search-resume" disabled={s.status !== 'paused'} onClick={() => void startSearch(true)}>
          Resume
        </button>
        <button type="button" data-testid="search-cancel" disabled={!running && s.status !== 'paused'} onClick={cancelSearch}>
          Cancel
        </button>
        <FilePicker
          label="Open a run record…"
          testId="open-run"
          accept=".json,application/json"
          disabled={running}
          maxBytes={RUN_RECORD_LIMITS.chars}
          what="a run record"
          onRefused={refuseRunRecord}
          onFile={(name, text) =>
            void importRunRecord(name, text, applyLinkHash, (lesson, index) => openCustomLesson(lesson, index, { apply: false }))
          }
        />
      </div>
      <StatusLine />
      <Message />
      <Reference />
    </div>
  );
}

function StatusLine() {
  const s = useSearch(
    useShallow((x) => ({
      status: x.status,
      generation: x.generation,
      evaluations: x.evaluations,
      hv: x.hypervolumes[x.hypervolumes.length - 1],
      eta: x.etaSec,
      generations: x.settings.generations,
      remeasure: x.remeasure,
      ref: x.ref,
      context: x.context,
      ghost: x.ghost,
      restored: x.restored,
    })),
  );
  const running = s.status === 'running' || s.status === 'pausing';
  if (!s.context) {
    return (
      <p className="search-progress" data-testid="search-progress" data-belongs={s.ghost ? 'previous' : 'none'} aria-live="polite">
        {s.ghost ? (
          <>
            No results for this configuration yet: the dashed front and the rows marked “previous” belong to the{' '}
            <b data-testid="search-previous">previous configuration ({describeContext(s.ghost.context)})</b>. Search to get this one's.
          </>
        ) : s.status === 'error' ? (
          'No results.'
        ) : (
          'Not run yet.'
        )}
      </p>
    );
  }
  return (
    <p className="search-progress" data-testid="search-progress" data-belongs={s.restored ? 'cached' : 'current'} aria-live="polite">
      <span className="search-config">
        {s.restored ? 'Restored from this page’s cache — ' : ''}
        {describeContext(s.context)}:{' '}
      </span>
      Generation <b data-testid="search-generation">{s.generation + 1}</b> of {s.generations} ·{' '}
      <span data-testid="search-evaluations">{s.evaluations}</span> subnets evaluated
      {s.hv !== undefined && (
        <>
          {' '}
          · <Term id="hypervolume">hypervolume</Term> <b data-testid="search-hv">{s.hv.toFixed(4)}</b>{' '}
          <abbr
            title={`Volume dominated by the front, with each objective scaled to 0–1 (accuracy 0–100 %, the rest between the smallest and the largest subnet) and the reference point at ${s.ref.join(', ')}: at most ${s.ref.reduce((a, r) => a * r, 1).toFixed(3)}.`}
          >
            (?)
          </abbr>
        </>
      )}
      {s.eta !== null && running && <> · about {Math.ceil(s.eta)} s left</>}
      {s.remeasure && (
        <>
          {' '}
          · supernet measured {s.remeasure.done} of {s.remeasure.total} front subnets
        </>
      )}
    </p>
  );
}

function Message() {
  const { status, message } = useSearch(useShallow((x) => ({ status: x.status, message: x.message })));
  if (!message) return null;
  return (
    <p
      className={status === 'error' ? 'error' : 'search-note'}
      data-testid="search-message"
      role={status === 'error' ? 'alert' : undefined}
    >
      {message}
    </p>
  );
}

function Reference() {
  const reference = useSearch((x) => x.reference);
  if (!reference) return null;
  return (
    <p className={reference.state === 'error' ? 'error' : 'search-note'} data-testid="reference-status">
      {reference.state === 'running' && (
        <>
          Enumerating every subnet: {reference.evaluated.toLocaleString('en-US')} of {reference.total.toLocaleString('en-US')}…
        </>
      )}
      {reference.state === 'done' && (
        <>
          Exhaustive front of all {reference.subnets.toLocaleString('en-US')} subnets: {reference.front.length} subnets, hypervolume{' '}
          {reference.hypervolume.toFixed(4)}. The evolved front reaches{' '}
          <b data-testid="reference-ratio">{(100 * reference.ratio).toFixed(2)} %</b> of it (dotted green in the plots).
        </>
      )}
      {reference.state === 'error' && reference.message}
    </p>
  );
}
