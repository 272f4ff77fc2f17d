/** A change against the pinned baseline, as text (the sign is written out, not only coloured). */
import { fmt4 } from './format';

const sign = (x: number): string => (x > 0 ? '+' : x < 0 ? '−' : '±');

/** "+0.01200 ms (+5.1 %)", "−3.000 µJ (−0.4 %)", "±0 ms (0.0 %)"; the % is against the baseline. */
export function fmtDelta(current: number, baseline: number, unit: string): string {
  const d = current - baseline;
  const pct = baseline === 0 ? null : (100 * d) / baseline;
  const pctText = pct === null ? '' : ` (${Math.abs(pct) < 0.05 ? '0.0' : `${sign(pct)}${Math.abs(pct).toFixed(1)}`} %)`;
  return `${sign(d)}${fmt4(Math.abs(d))} ${unit}${pctText}`;
}

/** 'worse' when the current value is larger (latency, energy: smaller is better), 'better', or 'same'. */
export function deltaClass(current: number, baseline: number): 'delta-worse' | 'delta-better' | 'delta-same' {
  return current > baseline ? 'delta-worse' : current < baseline ? 'delta-better' : 'delta-same';
}
