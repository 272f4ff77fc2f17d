import { useState } from 'react';

/**
 * Copies the page's link (every input is in its hash) to the clipboard. Where the clipboard is not
 * available (an insecure origin, a refused permission) the link is shown selected for a manual copy.
 */
export function CopyLink() {
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const copy = (): void => {
    const url = window.location.href;
    const clip = navigator.clipboard as Clipboard | undefined;
    if (!clip) {
      setState('manual');
      return;
    }
    clip.writeText(url).then(
      () => {
        setState('copied');
        setTimeout(() => setState('idle'), 2000);
      },
      () => setState('manual'),
    );
  };
  return (
    <span className="copy-link" data-control="copy-link">
      <button type="button" data-testid="copy-link" onClick={copy} title="Every input is in the link: share it to reproduce this page">
        {state === 'copied' ? 'Link copied' : 'Copy link'}
      </button>
      {state === 'manual' && (
        <input
          aria-label="link to this page"
          data-testid="link-text"
          readOnly
          value={window.location.href}
          ref={(el) => el?.select()}
          onBlur={() => setState('idle')}
          size={40}
        />
      )}
    </span>
  );
}
