import { useState } from 'react';
import { SCHEMA_IDS, type SchemaId } from '../core';
import { SchemaMark } from '../plots/SchemaMark';
import { dismissIntro, showIntro, useOrientation } from '../state/orientation';
import { usePresenter } from '../state/presenter';
import { PAPER_URL } from './HelpDialog';
import { focusWhenRendered, goToPanel } from './navigate';
import './orientation.css';
import { SchemaTerm } from './learn/SchemaTerm';
import { Term } from './learn/Term';

const SCHEMA_TEXT: Readonly<Record<SchemaId, string>> = {
  npu: 'every layer on the NPU — the reference the savings are measured against.',
  cim: 'in layer order, each layer whose weights still fit runs on the CIM.',
  hetero: 'the exact per-layer choice of unit that minimises latency, hand-offs included.',
  parallel: 'that placement, with layers split by output channels across both units at once.',
};

/**
 * The first-visit introduction: what the app is, the two units and the four schemas, and three things
 * to try. Not a modal: a card at the top of the content. Over a shared link it is a one-line banner
 * instead, so the link's content stays where it opened.
 */
export function Intro() {
  const mode = useOrientation((s) => s.intro);
  // on a phone the definitions start folded, so the page's content is not a screen away
  const [wide] = useState(() => typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 601px)').matches);
  // a presenter link is the teacher's projector, not a newcomer's first visit: no "new here?" banner
  const presenting = usePresenter((p) => p.large || p.hidden.length > 0);
  if (mode === 'none') return null;
  if (mode === 'banner') {
    if (presenting) return null;
    return <IntroBanner />;
  }
  return (
    <section className="intro" aria-labelledby="intro-title" data-testid="intro" data-control="intro">
      <h2 id="intro-title" tabIndex={-1}>
        New here? H4H Explorer in a minute
      </h2>
      <p className="intro-lead">
        Hardware-aware neural architecture search of hybrid CNN/ViT models for edge devices that pair an <b>NPU</b> with{' '}
        <b>compute-in-memory (CIM)</b> macros, after{' '}
        <a href={PAPER_URL} target="_blank" rel="noopener noreferrer">
          H4H-NAS (arXiv 2410.08326)
        </a>
        . Each layer of a subnet is costed on both units, and the whole network under four execution schemas — all computed in this page.
      </p>
      <details className="intro-more" open={wide}>
        <summary>The NPU, the CIM and the four schemas</summary>
        <div className="intro-grid">
          <dl className="intro-units">
            <dt>
              <Term id="npu">NPU</Term>
            </dt>
            <dd>a neural processing unit: a MAC array that streams each layer’s weights from memory.</dd>
            <dt>
              <Term id="cim">CIM</Term>
            </dt>
            <dd>memory arrays that hold weights in place and compute where they are stored: no weight traffic, limited capacity.</dd>
          </dl>
          <ul className="intro-schemas" aria-label="The four execution schemas">
            {SCHEMA_IDS.map((id) => (
              <li key={id}>
                <SchemaMark schema={id} />
                <b>
                  <SchemaTerm schema={id} />
                </b>
                : {SCHEMA_TEXT[id]}
              </li>
            ))}
          </ul>
        </div>
      </details>
      <div className="intro-actions" role="group" aria-label="Things to try">
        <button type="button" className="btn-primary" onClick={() => goToPanel('timeline')}>
          See where each layer runs
        </button>
        <button type="button" className="btn-secondary" onClick={() => goToPanel('search', '[data-testid="search-start"]')}>
          Run a search
        </button>
        <button type="button" className="btn-secondary" onClick={() => focusWhenRendered('#system-select')}>
          Compare hardware
        </button>
        <button type="button" className="link-button intro-dismiss" data-testid="intro-dismiss" onClick={() => dismissIntro()}>
          Got it, hide this
        </button>
      </div>
    </section>
  );
}

/** Over a shared link: one line offering the introduction, so the link's content stays where it opened. */
function IntroBanner() {
  return (
    <aside className="intro-banner" aria-label="About this page" data-testid="intro-banner" data-control="intro">
      <span>You opened a shared configuration. New to H4H Explorer?</span>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          showIntro();
          focusWhenRendered('#intro-title');
        }}
      >
        What is this page?
      </button>
      <button type="button" className="link-button" onClick={() => dismissIntro()} aria-label="Hide this note">
        Hide
      </button>
    </aside>
  );
}
