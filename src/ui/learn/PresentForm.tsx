/**
 * Presenter mode for a teacher: pick the panels and controls to hide and whether to enlarge the
 * type, then Present puts them in the link (`present=`) and copies it. Every choice is a checkbox.
 */
import { useState } from 'react';
import { HIDEABLE, formatPresent, setPresenter, usePresenter, NO_PRESENTER } from '../../state/presenter';

const LABELS: Readonly<Record<string, string>> = {
  subnet: 'Subnet panel',
  estimate: 'Estimate panel',
  timeline: 'Timeline panel',
  sweep: 'CIM sweep panel',
  layers: 'Layers panel',
  search: 'Search panel',
  training: 'Training panel',
  learn: 'this Learn panel',
  nav: 'section navigation',
  intro: 'introduction',
  config: 'space and hardware pickers',
  'hw-params': 'hardware parameters',
  'genome-json': 'genome JSON',
  'gene-form': 'gene form',
  'search-settings': 'search settings',
  'copy-link': 'Copy link',
  exports: 'export buttons',
  'training-settings': 'training settings',
};

export function PresentForm() {
  const current = usePresenter((s) => s);
  const [hidden, setHidden] = useState<readonly string[]>(current.hidden);
  const [large, setLarge] = useState(current.large);
  const [copied, setCopied] = useState<string | null>(null);
  const active = current.large || current.hidden.length > 0;
  const present = (): void => {
    setPresenter({ hidden, large });
    const url = window.location.href;
    const done = (how: string): void => setCopied(how);
    if (navigator.clipboard)
      navigator.clipboard.writeText(url).then(
        () => done('The presenter link is copied.'),
        () => done(`Copy this link: ${url}`),
      );
    else done(`Copy this link: ${url}`);
  };
  return (
    <details className="learn-present" data-testid="present-form">
      <summary>Present: hide controls for a projector</summary>
      <fieldset>
        <legend>Hide</legend>
        <div className="present-grid">
          {HIDEABLE.map((id) => (
            <label key={id}>
              <input
                type="checkbox"
                data-testid={`present-${id}`}
                checked={hidden.includes(id)}
                onChange={(e) => setHidden(e.target.checked ? [...hidden, id] : hidden.filter((x) => x !== id))}
              />{' '}
              {LABELS[id] ?? id}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="present-large">
        <input type="checkbox" data-testid="present-large" checked={large} onChange={(e) => setLarge(e.target.checked)} /> Large type (125
        %)
      </label>
      <div className="row">
        <button type="button" className="btn-primary" data-testid="present-apply" onClick={present}>
          Present and copy the link
        </button>
        {active && (
          <button
            type="button"
            data-testid="present-stop"
            onClick={() => {
              setPresenter(NO_PRESENTER);
              setCopied(null);
            }}
          >
            Stop presenting
          </button>
        )}
      </div>
      {active && (
        <p className="hint">
          Presenting: <code>present={formatPresent(current)}</code>
        </p>
      )}
      {copied && (
        <p className="hint" role="status">
          {copied}
        </p>
      )}
    </details>
  );
}
