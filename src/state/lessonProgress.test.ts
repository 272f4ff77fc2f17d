import { describe, expect, it } from 'vitest';
import { progressOf, readProgress } from './lessons';

describe('lesson progress keyed by lesson id', () => {
  it('an id named after an Object.prototype property reads no progress, and stored JSON cannot set the prototype', () => {
    // before: a teacher's lesson with id "constructor" got `progress.constructor` (the Object function) as its progress
    expect(progressOf({}, 'constructor')).toBeUndefined();
    expect(progressOf({}, 'tostring')).toBeUndefined();
    const stored =
      '{"__proto__":{"step":2,"done":true},"constructor":{"step":3,"done":false},"Bad Id":{"step":1,"done":false},"tiny":{"step":2,"done":false}}';
    const p = readProgress({ getItem: () => stored });
    expect(Object.getPrototypeOf(p)).toBe(null);
    expect(Object.keys(p)).toEqual(['constructor', 'tiny']);
    expect(progressOf(p, 'constructor')).toEqual({ step: 3, done: false });
    expect(progressOf(p, 'tiny')).toEqual({ step: 2, done: false });
    expect(progressOf(p, 'toString')).toBeUndefined();
  });
});
