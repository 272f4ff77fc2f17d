/**
 * The lessons the app ships (SPEC §8.1), as JSON documents validated on import. Not re-exported by
 * `core/index.ts`: the page loads this module lazily (the lessons are not initial JavaScript), the
 * CLI and the tests import it directly. A shipped lesson that fails validation throws here, with
 * its field named, and fails `npm test`.
 */
import { validateLesson, type Lesson } from '../lesson.js';
import firstLook from './first-look.json' with { type: 'json' };
import npuRoofline from './npu-roofline.json' with { type: 'json' };
import cimAttention from './cim-attention.json' with { type: 'json' };
import cimCapacity from './cim-capacity.json' with { type: 'json' };
import fourSchemas from './four-schemas.json' with { type: 'json' };
import macrosUnits from './macros-units.json' with { type: 'json' };
import paretoSearch from './pareto-search.json' with { type: 'json' };
import supernetTraining from './supernet-training.json' with { type: 'json' };

function shipped(input: unknown, file: string): Lesson {
  const r = validateLesson(input);
  if (!r.ok) throw new Error(`${file}: ${r.errors.join('; ')}`);
  return r.value;
}

/**
 * In the order the Learn panel lists them, which is the teaching order: the two units and their
 * rooflines first, then capacity and placement, then the design space, then search and training.
 */
export const SHIPPED_LESSONS: readonly Lesson[] = [
  shipped(firstLook, 'first-look.json'),
  shipped(npuRoofline, 'npu-roofline.json'),
  shipped(cimAttention, 'cim-attention.json'),
  shipped(cimCapacity, 'cim-capacity.json'),
  shipped(fourSchemas, 'four-schemas.json'),
  shipped(macrosUnits, 'macros-units.json'),
  shipped(paretoSearch, 'pareto-search.json'),
  shipped(supernetTraining, 'supernet-training.json'),
];
