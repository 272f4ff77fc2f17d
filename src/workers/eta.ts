/**
 * The time a training run has left, from the first completed step on. The first step of a job pays
 * for kernel compilation and allocation, so it stands in only until a second step is measured; from
 * then on the estimate is the mean of the recent steps after it. Evaluations of the largest and
 * smallest subnets count once one has been timed. Plain numbers in, so tests inject the timings.
 */

export interface Eta {
  /** a training step took `ms` */
  step(ms: number): void;
  /** an evaluation (largest + smallest subnet) took `ms` */
  evaluation(ms: number): void;
  /** ms a step takes: the recent steps after the first, else the first; null before any */
  msPerStep(): number | null;
  /** seconds left for `stepsLeft` steps and `evaluationsLeft` evaluations; null before the first step */
  secondsLeft(stepsLeft: number, evaluationsLeft: number): number | null;
}

/** `window`: how many recent steps the mean covers. */
export function createEta(window = 20): Eta {
  let first: number | null = null;
  const recent: number[] = [];
  let evalMs: number | null = null;
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const msPerStep = (): number | null => (recent.length > 0 ? mean(recent) : first);
  return {
    step(ms) {
      if (first === null) first = ms;
      else {
        recent.push(ms);
        if (recent.length > window) recent.shift();
      }
    },
    evaluation(ms) {
      // the latest: an evaluation's cost does not drift the way step times settle
      evalMs = ms;
    },
    msPerStep,
    secondsLeft(stepsLeft, evaluationsLeft) {
      const perStep = msPerStep();
      if (perStep === null) return null;
      return (Math.max(0, stepsLeft) * perStep + Math.max(0, evaluationsLeft) * (evalMs ?? 0)) / 1000;
    },
  };
}

/**
 * Evaluations a run still makes after `step` steps are done: one every `evalEvery` steps and one
 * after the last step (which is also the last periodic one when `steps` is a multiple).
 */
export function evaluationsLeft(step: number, steps: number, evalEvery: number): number {
  if (step >= steps) return 0;
  const periodic = evalEvery > 0 ? Math.floor(steps / evalEvery) - Math.floor(step / evalEvery) : 0;
  const finalIsPeriodic = evalEvery > 0 && steps % evalEvery === 0;
  return periodic + (finalIsPeriodic ? 0 : 1);
}
