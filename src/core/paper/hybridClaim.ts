/**
 * Claim 1 of the paper, on our fronts: the most accurate subnet of the hybrid front and of the
 * MBConv-only front within each of a set of latency budgets, and the difference in points. The
 * budgets span the latencies both fronts reach: from the larger of their fastest subnets (so both can
 * answer the tightest one) to the slowest subnet of either.
 */
import { maxOf, minOf } from '../numbers.js';
import { PAPER_CLAIMS } from './paperClaims.js';
import type { BudgetRow, HybridClaim, MeasuredHybrid, PaperPoint } from './paperTypes.js';

/** Where the budgets sit between the tightest and the loosest latency (fractions of the span). */
export const PAPER_BUDGET_FRACTIONS: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/** The latency budgets for two fronts (empty when either front is). */
export function latencyBudgets(hybrid: readonly PaperPoint[], mbOnly: readonly PaperPoint[]): number[] {
  if (hybrid.length === 0 || mbOnly.length === 0) return [];
  const fastest = (f: readonly PaperPoint[]): number => minOf(f.map((p) => p.latencyMs));
  const lo = Math.max(fastest(hybrid), fastest(mbOnly));
  const hi = maxOf([...hybrid, ...mbOnly].map((p) => p.latencyMs));
  if (!(hi > lo)) return [lo];
  // the last is `hi` itself, not lo + 1·(hi − lo), which rounding could put just below the slowest subnet
  return PAPER_BUDGET_FRACTIONS.map((f) => (f === 1 ? hi : lo + f * (hi - lo)));
}

/** The most accurate subnet within `budget` (the faster of equals), or null. */
export function bestWithin(front: readonly PaperPoint[], budget: number): PaperPoint | null {
  let best: PaperPoint | null = null;
  for (const p of front) {
    if (p.latencyMs > budget) continue;
    if (!best || p.accuracy > best.accuracy || (p.accuracy === best.accuracy && p.latencyMs < best.latencyMs)) best = p;
  }
  return best;
}

const points = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

function largestOf(
  rows: readonly { latencyMs: number; differencePoints: number | null }[],
): { differencePoints: number; latencyMs: number } | null {
  let largest: { differencePoints: number; latencyMs: number } | null = null;
  for (const b of rows)
    if (b.differencePoints !== null && (!largest || b.differencePoints > largest.differencePoints))
      largest = { differencePoints: b.differencePoints, latencyMs: b.latencyMs };
  return largest;
}

/** What claim 1 says over `rows`, in words: `what` names the accuracy (predicted, measured). */
function verdictOf(rows: readonly { latencyMs: number; differencePoints: number | null }[], dataset: string, what: string): string {
  const largest = largestOf(rows);
  const ahead = rows.filter((b) => b.differencePoints !== null && b.differencePoints > 0).length;
  const paper = `the paper: up to +${PAPER_CLAIMS.hybrid.upToPoints.toFixed(2)} points on ImageNet`;
  if (!largest) return 'No latency budget has a subnet on both fronts; nothing to compare.';
  return largest.differencePoints > 0
    ? `By ${what} accuracy the hybrid front is ahead at ${ahead} of ${rows.length} latency budgets, by up to ${points(largest.differencePoints)} points (at ${largest.latencyMs.toFixed(3)} ms) on ${dataset}; ${paper}. Another dataset and a smaller supernet: the size of the gain is not comparable, its sign is.`
    : `By ${what} accuracy the hybrid front is not ahead at any of the ${rows.length} latency budgets (best difference ${points(largest.differencePoints)} points, on ${dataset}); ${paper}. The claim does not reproduce in this setting.`;
}

/** The subnets claim 1 compares (each budget's two winners), each once, in budget order. */
export function budgetWinners(budgets: readonly BudgetRow[]): PaperPoint[] {
  const seen = new Map<string, PaperPoint>();
  for (const b of budgets) for (const p of [b.hybrid, b.mbOnly]) if (p && !seen.has(p.key)) seen.set(p.key, p);
  return [...seen.values()];
}

/**
 * Claim 1 again with the winners' measured accuracies (`accuracyOf` by subnet key; undefined: not
 * measured yet, that budget's difference is null). The winners stay the ones the search picked.
 * With `images` (the validation images each was measured on), the verdict says whether the largest
 * difference is beyond the noise of such a measurement.
 */
export function measuredHybrid(
  budgets: readonly BudgetRow[],
  accuracyOf: (key: string) => number | undefined,
  dataset: string,
  what: string,
  images?: number,
): MeasuredHybrid {
  const rows = budgets.map((b) => {
    const hybrid = b.hybrid ? (accuracyOf(b.hybrid.key) ?? null) : null;
    const mbOnly = b.mbOnly ? (accuracyOf(b.mbOnly.key) ?? null) : null;
    return {
      latencyMs: b.latencyMs,
      hybrid,
      mbOnly,
      differencePoints: hybrid !== null && mbOnly !== null ? (hybrid - mbOnly) * 100 : null,
    };
  });
  const largest = largestOf(rows);
  const at = largest ? rows.find((r) => r.latencyMs === largest.latencyMs) : undefined;
  let noise = '';
  if (images !== undefined && largest && at && at.hybrid !== null && at.mbOnly !== null) {
    // a binomial proportion on `images` images each: the standard error of the difference of two
    const se = 100 * Math.sqrt((at.hybrid * (1 - at.hybrid) + at.mbOnly * (1 - at.mbOnly)) / images);
    noise = ` One standard error of that difference on ${images.toLocaleString('en-US')} images is ±${se.toFixed(2)} points: ${Math.abs(largest.differencePoints) < 2 * se ? 'within the noise of the measurement' : 'more than twice the noise'}.`;
  }
  return { budgets: rows, largest, verdict: `${verdictOf(rows, dataset, what)}${noise}` };
}

/** Claim 1 from the two fronts (each sorted by latency); `what` names their accuracy in the verdict. */
export function hybridClaim(
  fronts: { readonly hybrid: readonly PaperPoint[]; readonly mbOnly: readonly PaperPoint[] },
  evaluated: { readonly hybrid: number; readonly mbOnly: number },
  dataset: string,
  what: string,
): HybridClaim {
  const budgets: BudgetRow[] = latencyBudgets(fronts.hybrid, fronts.mbOnly).map((latencyMs) => {
    const hybrid = bestWithin(fronts.hybrid, latencyMs);
    const mbOnly = bestWithin(fronts.mbOnly, latencyMs);
    const differencePoints = hybrid && mbOnly ? (hybrid.accuracy - mbOnly.accuracy) * 100 : null;
    return { latencyMs, hybrid, mbOnly, differencePoints };
  });
  const pure = budgets.filter((b) => b.hybrid && b.hybrid.transformers === 0).length;
  const verdict = `${verdictOf(budgets, dataset, what)} ${pure === 0 ? "Every budget's hybrid winner uses transformer blocks." : `At ${pure} of ${budgets.length} budgets the hybrid search's winner has no transformer block at all.`}`;
  return { testable: true, fronts, evaluated, budgets, largest: largestOf(budgets), verdict };
}
