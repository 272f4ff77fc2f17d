/** Saves the front (CSV, JSON) or the whole run record (JSON, re-importable). */
import { frontToCsv, frontToJson } from '../../core';
import { runRecord, useSearch, type SearchAccuracyChoice } from '../../state/search';
import { useApp } from '../../state/store';
import { lessonsStore } from '../../state/lessons';
import { download } from '../download';

/** A teacher's lesson that is open travels in the run record (the link may be too short for it). */
function openTeacherLesson() {
  const a = lessonsStore.getState().active;
  return a?.source === 'file' ? a.lesson : undefined;
}

export function Exports({ choice }: { choice: SearchAccuracyChoice }) {
  const front = useSearch((s) => s.front);
  const measured = useSearch((s) => s.measured);
  const status = useSearch((s) => s.status);
  const stem = `h4h-front-${useApp((s) => s.spaceId)}`;
  const off = status === 'running' || status === 'pausing' || front.length === 0;
  return (
    <div className="export-buttons" role="group" aria-label="export the front" data-control="exports">
      <span>Export:</span>
      <button
        type="button"
        data-testid="export-front-csv"
        disabled={off}
        onClick={() => download(`${stem}.csv`, frontToCsv(front, choice, measured), 'text/csv')}
      >
        front CSV
      </button>
      <button
        type="button"
        data-testid="export-front-json"
        disabled={off}
        onClick={() => download(`${stem}.json`, frontToJson(front, choice, measured), 'application/json')}
      >
        front JSON
      </button>
      <button
        type="button"
        data-testid="export-run"
        disabled={off}
        onClick={() => {
          const rec = runRecord(
            window.location.href,
            { name: 'h4h-explorer', version: __APP_VERSION__ },
            new Date().toISOString(),
            openTeacherLesson(),
          );
          if (rec) download('h4h-run.json', `${JSON.stringify(rec)}\n`, 'application/json');
        }}
      >
        run record
      </button>
    </div>
  );
}
