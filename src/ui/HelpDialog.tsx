import { useEffect, useRef } from 'react';
import { showIntro } from '../state/orientation';
import { focusWhenRendered, NAV_SECTIONS } from './navigate';
import { SchemaTerm } from './learn/SchemaTerm';
import { Term } from './learn/Term';

export const PAPER_URL = 'https://arxiv.org/abs/2410.08326';

/** What the README says, section by section, in a line each (the README ships with the source, not the page). */
const README_SECTIONS: readonly [string, string][] = [
  [
    'Placement timeline',
    'each schema’s schedule of the subnet on one time axis, a lane per unit; hover a bar for why the layer runs there, click to select it.',
  ],
  [
    'Search',
    'NSGA-II over subnets (and optionally the hardware) for accuracy, latency and energy; click a point or a front row to make it the page’s subnet.',
  ],
  ['CIM design sweep', 'the subnet’s latency and energy as the CIM grows from 1 to 16 macros split into compute units.'],
  ['Sharing', 'every input lives in the link; Copy link reproduces the page anywhere.'],
  ['Train a supernet', 'a weight-sharing supernet trained in your browser, then real accuracies of any subnet and a fitted predictor.'],
  [
    'Learn',
    'guided lessons that set the page up, point at one part of it and check their claims on the numbers on screen; presenter links hide controls for a projector.',
  ],
  ['Cost model', 'per-layer NPU roofline and CIM tiling, link hand-offs and static energy; the numbers equal the h4h CLI’s.'],
];

/**
 * The help: keyboard shortcuts, a summary of the README and the paper. A modal <dialog>: Escape or
 * Close shuts it and focus goes back to where it was.
 */
export function HelpDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement;
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const closed = (): void => {
      onClose();
      if (returnTo.current instanceof HTMLElement && returnTo.current.isConnected) returnTo.current.focus();
    };
    d.addEventListener('close', closed);
    return () => d.removeEventListener('close', closed);
  }, [onClose]);
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="help-title" data-testid="help">
      <div className="help-head">
        <h2 id="help-title">Help</h2>
        <button type="button" onClick={() => ref.current?.close()} data-testid="help-close">
          Close
        </button>
      </div>
      <h3>Keyboard</h3>
      <HelpKeys />
      <p className="help-note">Shortcuts are off while you type in a field. The first Tab on the page reaches “Skip to content”.</p>
      <h3>The four execution schemas</h3>
      <p className="help-note">
        <SchemaTerm schema="npu" />: every layer on the NPU. <SchemaTerm schema="cim" />: in layer order, each layer the CIM can hold runs
        there. <SchemaTerm schema="hetero" />: the exact per-layer choice that minimises latency, <Term id="hand-off">hand-offs</Term>{' '}
        included. <SchemaTerm schema="parallel" />: that placement, with layers split by output channels across both units running at once.
      </p>
      <h3>From the README (README.md in the source)</h3>
      <ul className="help-readme">
        {README_SECTIONS.map(([title, text]) => (
          <li key={title}>
            <b>§ {title}</b>: {text}
          </li>
        ))}
      </ul>
      <p className="help-note">
        The method:{' '}
        <a href={PAPER_URL} target="_blank" rel="noopener noreferrer">
          H4H-NAS, arXiv 2410.08326
        </a>
        .{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            returnTo.current = null;
            ref.current?.close();
            showIntro();
            focusWhenRendered('#intro-title');
          }}
        >
          Show the introduction again
        </button>
      </p>
    </dialog>
  );
}

/** The keyboard shortcuts: a key per page section, then ? and Esc. */
function HelpKeys() {
  return (
    <dl className="help-keys">
      {NAV_SECTIONS.map((s) => (
        <div key={s.id}>
          <dt>
            <kbd>{s.key}</kbd>
          </dt>
          <dd>go to {s.label}</dd>
        </div>
      ))}
      <div>
        <dt>
          <kbd>?</kbd>
        </dt>
        <dd>this help</dd>
      </div>
      <div>
        <dt>
          <kbd>Esc</kbd>
        </dt>
        <dd>close it</dd>
      </div>
    </dl>
  );
}
