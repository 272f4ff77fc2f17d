/**
 * A step's claims, each checked by core on the live page: ✓ holds / ✗ does not (in words, not colour
 * alone), with what was compared ("0.412 ms < 0.530 ms").
 */
import type { ClaimView } from '../../state/lessonView';

export function Claims({ claims }: { readonly claims: readonly ClaimView[] }) {
  if (claims.length === 0) return null;
  return (
    <div className="lesson-claims-box">
      <h3 className="lesson-claims-title">What the model says on this page</h3>
      <ul className="lesson-claims">
        {claims.map((c, i) => (
          <li key={i} className={c.holds ? 'holds' : 'fails'} data-testid="lesson-claim" data-holds={String(c.holds)}>
            <span className="claim-mark">{c.holds ? '✓ true' : '✗ false'}</span> <span className="claim-text">{c.text}</span>
            <span className="claim-detail">{c.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
