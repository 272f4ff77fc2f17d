/**
 * What the training progress line shows, derived from the training state: the run's step and total
 * while a run is on (or stopped with the settings unchanged), the next run's "0 of N" as soon as the
 * steps are edited; the time left from the first step on; "evaluating" while the largest and
 * smallest subnets are evaluated (after the last step there is nothing left to count down).
 */
import type { TrainingState } from './training';

export type Activity = 'idle' | 'starting' | 'training' | 'evaluating' | 'final-evaluation' | 'pausing';

export interface ProgressView {
  readonly step: number;
  readonly steps: number;
  /** whose numbers: the current (or stopped) run's, or the next run's after the settings changed */
  readonly of: 'run' | 'settings';
  readonly activity: Activity;
  /** seconds left; null when there is no estimate yet, or nothing to count down */
  readonly etaSec: number | null;
  readonly imagesPerSec: number | null;
}

const isActive = (s: TrainingState): boolean => s.status === 'running' || s.status === 'starting' || s.status === 'pausing';

export function selectProgress(s: TrainingState): ProgressView {
  if (!isActive(s) && s.steps !== s.config.steps) {
    // the run on screen is not the one the settings describe: the next run starts from 0
    return { step: 0, steps: s.config.steps, of: 'settings', activity: 'idle', etaSec: null, imagesPerSec: null };
  }
  const final = s.evaluating && s.step >= s.steps;
  const activity: Activity =
    s.status === 'starting'
      ? 'starting'
      : s.status === 'pausing'
        ? 'pausing'
        : s.status !== 'running'
          ? 'idle'
          : final
            ? 'final-evaluation'
            : s.evaluating
              ? 'evaluating'
              : 'training';
  const counting = activity === 'training' || activity === 'evaluating' || activity === 'pausing';
  return { step: s.step, steps: s.steps, of: 'run', activity, etaSec: counting ? s.etaSec : null, imagesPerSec: s.imagesPerSec };
}
