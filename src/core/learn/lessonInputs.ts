/**
 * The inputs a lesson's claims are evaluated on (space, system and its edits, subnet): the page's
 * defaults, and a step's state or a quantity's `with` applied over them, each bad field named.
 */
import { pushAll } from '../numbers.js';
import { hasSystem, validateSystem, type HwKey } from '../hardware/hardware.js';
import { defaultGenome, getSpace, hasSpace } from '../model/spaces.js';
import { validateGenome } from '../model/genome.js';
import { largestGenome, smallestGenome } from '../model/macrange.js';
import { genomeFromLink, hwFromLink } from '../record/linkCodec.js';
import { stepState, type Lesson, type LessonWith } from './lesson.js';
import type { Genome, SearchSpace } from '../types.js';

/** What a claim is evaluated on: the page's inputs (or a step's). */
export interface LessonInputs {
  readonly space: SearchSpace;
  readonly systemId: string;
  readonly hwOverrides: Readonly<Partial<Record<HwKey, number>>>;
  readonly genome: Genome;
}

/** The page's defaults, which a step's state applies over (the store starts from the same). */
export const LESSON_DEFAULTS = { space: 'mini', hw: 'u55-mram' } as const;

/** The page's default inputs. */
export function defaultInputs(): LessonInputs {
  const space = getSpace(LESSON_DEFAULTS.space);
  return { space, systemId: LESSON_DEFAULTS.hw, hwOverrides: {}, genome: defaultGenome(space) };
}

/** `base` with link fields over it (a step's state or a quantity's `with`); each bad field is named and skipped. */
export function applyFields(base: LessonInputs, fields: LessonWith): { inputs: LessonInputs; errors: string[] } {
  const errors: string[] = [];
  let { space, systemId, hwOverrides, genome } = base;
  if (fields.space !== undefined) {
    if (hasSpace(fields.space)) {
      if (fields.space !== space.id) {
        space = getSpace(fields.space);
        genome = defaultGenome(space);
      }
    } else errors.push(`space: unknown "${fields.space.slice(0, 30)}"`);
  }
  if (fields.hw !== undefined) {
    if (hasSystem(fields.hw)) {
      systemId = fields.hw;
      hwOverrides = {};
    } else errors.push(`hw: unknown system "${fields.hw.slice(0, 30)}"`);
  }
  if (fields.hwp !== undefined) {
    const r = hwFromLink(fields.hwp, systemId);
    const merged = { ...hwOverrides, ...r.value };
    if (validateSystem({ base: systemId, ...merged }).ok) hwOverrides = merged;
    else errors.push(`hwp: "${fields.hwp.slice(0, 60)}" does not give a valid system over the others`);
    pushAll(errors, r.errors);
  }
  if (fields.g !== undefined) {
    const g = fields.g;
    if (g === 'smallest') genome = smallestGenome(space);
    else if (g === 'largest') genome = largestGenome(space);
    else if (g === 'default') genome = defaultGenome(space);
    else {
      const decoded = genomeFromLink(space.id, g);
      const valid = decoded ? validateGenome(space, decoded) : null;
      if (valid?.ok) genome = valid.value;
      else
        errors.push(
          `g: ${valid && !valid.ok ? valid.errors.slice(0, 2).join('; ') : 'not smallest, largest, default or a genome r.stem[.head]_c.d.k.e.m.types_…'}`,
        );
    }
  } else if (fields.space === undefined && genome.space !== space.id) genome = defaultGenome(space);
  return { inputs: { space, systemId, hwOverrides, genome }, errors };
}

/** The inputs of step `index` of a lesson: the defaults with the steps' states applied in order. */
export function stepInputs(lesson: Lesson, index: number): { inputs: LessonInputs; errors: string[] } {
  return applyFields(defaultInputs(), stepState(lesson, index));
}
