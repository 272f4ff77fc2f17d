import { setUrlNotices, useApp } from '../state/store';

/** What the opened link asked for that could not be applied; the rest of the link was. */
export function UrlNotices() {
  const notices = useApp((s) => s.urlNotices);
  if (notices.length === 0) return null;
  return (
    <div className="errors url-notices" role="alert" data-testid="url-notices">
      <strong>Parts of this link were not applied (defaults shown for them):</strong>
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <button type="button" onClick={() => setUrlNotices([])}>
        Dismiss
      </button>
    </div>
  );
}
