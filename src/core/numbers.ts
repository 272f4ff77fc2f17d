/**
 * Largest and smallest of a list without spreading it into `Math.max(...xs)`, which passes every
 * element as an argument and throws a RangeError past about 100,000 of them. Same results as
 * Math.max/Math.min otherwise (NaN if any element is NaN); an empty list gives `empty`
 * (−Infinity / +Infinity, as Math.max() / Math.min(), unless given).
 */
export function maxOf(xs: Iterable<number>, empty = -Infinity): number {
  let m = -Infinity;
  let any = false;
  for (const x of xs) {
    any = true;
    if (Number.isNaN(x)) return Number.NaN;
    if (x > m || (x === 0 && m === 0 && Object.is(m, -0))) m = x;
  }
  return any ? m : empty;
}

export function minOf(xs: Iterable<number>, empty = Infinity): number {
  let m = Infinity;
  let any = false;
  for (const x of xs) {
    any = true;
    if (Number.isNaN(x)) return Number.NaN;
    if (x < m || (x === 0 && m === 0 && Object.is(x, -0))) m = x;
  }
  return any ? m : empty;
}

/** Appends every element of `from` to `to` (a loop: `to.push(...from)` throws for long lists). */
export function pushAll<T>(to: T[], from: Iterable<T>): T[] {
  for (const x of from) to.push(x);
  return to;
}

/** At most `max` characters of untrusted text for a message, with an ellipsis and the full length when cut. */
export function shorten(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * Work refused because it would pass a stated limit (its message names the limit): the CLI reports it
 * as a usage error, the page as a message, never as a crash.
 */
export class LimitError extends Error {
  override name = 'LimitError';
}
