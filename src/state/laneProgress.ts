/**
 * A search job's progress on its lane, applied to the search store at most once per animation frame
 * and at most every `FLUSH_MS`, so a fast search (a generation in a millisecond) does not re-render
 * the page hundreds of times a second. searchRun.ts feeds the reports in; a reset or a left run drops
 * the ones not applied yet.
 */
import type { Progress } from '../workers/protocol';
import { getSearch as get, setSearch as set } from './searchStore';

let pending: Extract<Progress, { kind: 'generation' }>[] = [];
let frame: number | null = null;
const raf = (globalThis as { requestAnimationFrame?: (fn: () => void) => number }).requestAnimationFrame;
const onNextFrame = (fn: () => void): number => (raf ? raf.call(globalThis, fn) : (setTimeout(fn, 16) as unknown as number));

/** Applies the reports received so far. */
export function flushProgress(): void {
  frame = null;
  lastFlush = clock();
  if (pending.length === 0) return;
  const batch = pending;
  pending = [];
  const last = batch[batch.length - 1] as (typeof batch)[number];
  const s = get();
  const added = batch.flatMap((p) => p.added);
  const g = last.generation;
  set({
    points: added.length > 0 ? [...s.points, ...added] : s.points,
    front: g.front,
    hypervolumes: last.hypervolumes,
    bounds: g.bounds,
    ref: g.ref,
    generation: g.index,
    evaluations: g.evaluations,
    elapsedMs: last.elapsedMs,
    etaSec: last.etaSec,
    infeasible: g.infeasible,
  });
}

/** Drops reports not yet applied (a reset, or a run that was left). */
export function dropProgress(): void {
  pending = [];
}

// and at most every FLUSH_MS: each report re-lays out three plots and the front table
const FLUSH_MS = 150;
let lastFlush = -Infinity;
const clock = (): number => (globalThis.performance ? globalThis.performance.now() : Date.now());

/** Takes a report of the job in flight; `generation` reports are applied on the next frame. */
export function onProgress(p: Progress): void {
  if (p.kind !== 'generation') return;
  pending.push(p);
  if (frame !== null) return;
  const wait = Math.max(0, lastFlush + FLUSH_MS - clock());
  frame = wait > 0 ? (setTimeout(() => (frame = onNextFrame(flushProgress)), wait) as unknown as number) : onNextFrame(flushProgress);
}
