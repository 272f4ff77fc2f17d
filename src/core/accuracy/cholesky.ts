/**
 * Dense symmetric positive-definite solves for the predictors' normal equations: an in-place Cholesky
 * factorisation of an n×n row-major matrix and the two triangular solves that use it. Every index the
 * loops read is in range, so the `?? 0` fallbacks never apply (they satisfy `noUncheckedIndexedAccess`).
 */

/** In-place Cholesky of the n×n matrix `a` (lower triangle); false when it is not positive definite. */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] ?? 0;
    for (let k = 0; k < j; k++) d -= (a[j * n + k] ?? 0) ** 2;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let v = a[i * n + j] ?? 0;
      for (let k = 0; k < j; k++) v -= (a[i * n + k] ?? 0) * (a[j * n + k] ?? 0);
      a[i * n + j] = v / l;
    }
  }
  return true;
}

/** Solves LLᵀ x = w in place, L the lower triangle `cholesky` left in `a` (forward, then back substitution). */
export function choleskySolve(a: Float64Array, n: number, w: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let v = w[i] ?? 0;
    for (let k = 0; k < i; k++) v -= (a[i * n + k] ?? 0) * (w[k] ?? 0);
    w[i] = v / (a[i * n + i] ?? 1);
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = w[i] ?? 0;
    for (let k = i + 1; k < n; k++) v -= (a[k * n + i] ?? 0) * (w[k] ?? 0);
    w[i] = v / (a[i * n + i] ?? 1);
  }
}
