import { describe, expect, it } from 'vitest';
import { createEta, evaluationsLeft } from './eta';

describe('time left of a training run', () => {
  it('is there from the first step (its time stands in), then follows the steps after it', () => {
    const eta = createEta(3);
    expect(eta.secondsLeft(10, 1)).toBeNull();
    eta.step(2000); // the first step: compilation included
    expect(eta.msPerStep()).toBe(2000);
    expect(eta.secondsLeft(9, 1)).toBe(18);
    eta.step(500);
    expect(eta.secondsLeft(8, 1)).toBe(4); // the first step no longer counts
    eta.step(700);
    expect(eta.msPerStep()).toBe(600);
    // a window of the last 3 steps after the first
    eta.step(600);
    eta.step(1100);
    expect(eta.msPerStep()).toBe(800);
  });

  it('counts the evaluations left once one was timed', () => {
    const eta = createEta();
    eta.step(100);
    expect(eta.secondsLeft(10, 2)).toBe(1);
    eta.evaluation(1500);
    expect(eta.secondsLeft(10, 2)).toBe(4);
    expect(eta.secondsLeft(0, 0)).toBe(0);
  });

  it('evaluations left: every evalEvery steps and one after the last step', () => {
    expect(evaluationsLeft(0, 600, 100)).toBe(6); // steps 100, 200, …, 600 (the last is the final one)
    expect(evaluationsLeft(100, 600, 100)).toBe(5);
    expect(evaluationsLeft(99, 600, 100)).toBe(6);
    expect(evaluationsLeft(0, 250, 100)).toBe(3); // 100, 200, and the final one at 250
    expect(evaluationsLeft(3, 6, 0)).toBe(1); // only the final one
    expect(evaluationsLeft(6, 6, 0)).toBe(0);
  });
});
