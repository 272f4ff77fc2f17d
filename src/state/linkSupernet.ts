/**
 * The link's `sn=` field (issue 13): which supernet the page's accuracies come from, written with
 * the state, and a notice when an opened link names another supernet than the one this page has
 * (its numbers would differ). The page's supernet is known only once the shipped one has loaded, so
 * the comparison waits for it.
 */
import { shippedInfo, shippedStore, supernetTag } from './shipped';
import { appStore, setUrlNotices } from './store';
import { trainableDataset, trainingStore } from './training';

/**
 * The supernet behind the page's accuracies: `own` (a supernet trained on this page, for this space),
 * the shipped one's tag, null when the space has none, undefined while the shipped one is loading.
 */
export function pageSupernet(spaceId: string = appStore.getState().spaceId): string | null | undefined {
  const ck = trainingStore.getState().checkpoint;
  if (ck !== null && ck.space === spaceId) return 'own';
  const info = shippedInfo(spaceId);
  if (info) return supernetTag(info);
  const load = shippedStore.getState().loads[spaceId];
  if (load?.state === 'ready' || load?.state === 'error' || trainableDataset(spaceId) === null) return null;
  return undefined;
}

/** The link's field value: a named supernet, or nothing. */
export function linkSupernet(): string | undefined {
  return pageSupernet() ?? undefined;
}

let asked: string | null = null;

const describe = (tag: string): string => (tag === 'own' ? "a supernet trained on the sender's page" : `the shipped supernet ${tag}`);

function check(): void {
  if (asked === null) return;
  const here = pageSupernet();
  if (here === undefined) return; // not known yet
  const want = asked;
  asked = null;
  if (here === want && want !== 'own') return;
  const mine = here === null ? 'no supernet for this space' : here === 'own' ? 'your own trained supernet' : `the shipped supernet ${here}`;
  const text =
    want === 'own'
      ? `sn: this link's accuracies came from a supernet trained on the sender's page; this page shows ${mine}, so its supernet and predictor numbers may differ`
      : `sn: this link's accuracies came from ${describe(want)}; this page has ${mine}, so its supernet and predictor numbers may differ`;
  const before = appStore.getState().urlNotices;
  if (!before.includes(text)) setUrlNotices([...before, text]);
}

/** Called with an opened link's `sn` (absent: nothing to compare). */
export function noteLinkedSupernet(tag: string | undefined): void {
  asked = tag ?? null;
  check();
}

/** Calls `write` whenever the page's supernet changes, and compares a pending link's `sn` once it is known. */
export function followPageSupernet(write: () => void): void {
  let last = pageSupernet();
  const changed = (): void => {
    check();
    const now = pageSupernet();
    if (now !== last) {
      last = now;
      write();
    }
  };
  shippedStore.subscribe(changed);
  trainingStore.subscribe((s, prev) => {
    if (s.checkpoint !== prev.checkpoint) changed();
  });
}
