import { useApp } from '../state/store';
import { describeProbe, pickFastest } from '../workers/protocolProbe';
import { backendLabel } from './format';

/** Which TF.js backend the training worker got; a software adapter is flagged as such. */
export function BackendBadge() {
  const backend = useApp((s) => s.backend);
  if (backend.status === 'pending') {
    return (
      <span className="badge badge-pending" data-testid="backend" data-backend="pending" aria-live="polite">
        Backend: detecting…
      </span>
    );
  }
  if (backend.status === 'error') {
    return (
      <span className="badge badge-error" data-testid="backend" data-backend="none" title={backend.message} aria-live="polite">
        No TF.js backend
      </span>
    );
  }
  const { info } = backend;
  const fallback = info.adapter?.isFallbackAdapter ?? false;
  const detail = info.adapter ? [info.adapter.vendor, info.adapter.architecture, info.adapter.description].filter(Boolean).join(' · ') : '';
  return (
    <span
      className={`badge badge-${info.backend}${fallback ? ' badge-fallback' : ''}`}
      data-testid="backend"
      data-backend={info.backend}
      data-fallback-adapter={String(fallback)}
      data-chosen-by={info.probe ? 'probe' : 'choice'}
      title={`TF.js backend for training${detail ? `: ${detail}` : ''}${info.probe ? `. ${describeProbe(info.backend, info.probe)}${info.measuredAt !== undefined ? ' (kept from an earlier visit)' : ''}` : ''}`}
      aria-live="polite"
    >
      {backendLabel(info)}
      {info.probe && pickFastest(info.probe) === info.backend && ' · measured fastest'}
    </span>
  );
}
