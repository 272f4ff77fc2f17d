/**
 * Checked index access for lists read under `noUncheckedIndexedAccess`: `at(xs, i)` returns the
 * element at `i` or throws an `IndexError` naming the index and the length, so an out-of-range read
 * (always a bug where it is used) fails loudly instead of flowing on as `undefined`/NaN. Works on
 * arrays and typed arrays alike; no allocation, so it is fine in loops.
 */

/** An index read outside a list: a bug in the caller, never a user error. */
export class IndexError extends RangeError {
  override name = 'IndexError';
}

/** The element at `i` of `xs`; throws `IndexError` when `i` is out of range (or the slot is empty). */
export function at<T>(xs: ArrayLike<T>, i: number): T {
  const x = xs[i];
  if (x === undefined) throw new IndexError(`index ${i} outside a list of ${xs.length}`);
  return x;
}
