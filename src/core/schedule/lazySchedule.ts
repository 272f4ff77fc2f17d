import type { HeteroObjective, Placement, ScheduleResult, SchemaId, TimelineEvent } from '../types.js';

/**
 * The one implementation of `ScheduleResult` for every schema: the totals as plain data, the
 * timeline built on first read (by the schema's own builder) and then kept. Totals never need the
 * events, so estimating many subnets (the search) builds none. A getter does not survive
 * `postMessage`; send `plainSchedule(s)` (also what `JSON.stringify` gives).
 */

/** What only some schemas carry: `hetero` its objective and label count, `parallel` its channels. */
export interface ScheduleExtras {
  readonly objective?: HeteroObjective;
  /** `hetero`: labels the exact DP kept */
  readonly states?: number;
  readonly cimChannels?: readonly number[];
}

export class LazySchedule<D = unknown> implements ScheduleResult {
  declare readonly objective?: HeteroObjective;
  /** `hetero`: labels the exact DP kept (a measure of the work done) */
  declare readonly states?: number;
  declare readonly cimChannels?: readonly number[];
  #events: TimelineEvent[] | undefined;
  readonly #build: (data: D, placement: readonly Placement[]) => TimelineEvent[];
  readonly #data: D;
  constructor(
    readonly schema: SchemaId,
    readonly latencyMs: number,
    readonly energyUj: number,
    readonly dynamicUj: number,
    readonly staticUj: number,
    readonly cimWeightBytes: number,
    readonly placement: readonly Placement[],
    /** builds the events from `data` and the placement (called at most once) */
    build: (data: D, placement: readonly Placement[]) => TimelineEvent[],
    data: D,
    extras?: ScheduleExtras,
  ) {
    this.#build = build;
    this.#data = data;
    // only the fields a schema has become own properties (as in the plain data)
    if (extras?.objective !== undefined) this.objective = extras.objective;
    if (extras?.states !== undefined) this.states = extras.states;
    if (extras?.cimChannels !== undefined) this.cimChannels = extras.cimChannels;
  }
  get timeline(): readonly TimelineEvent[] {
    return (this.#events ??= this.#build(this.#data, this.placement));
  }
  toJSON(): PlainSchedule {
    return plainSchedule(this);
  }
}

/** A schedule as plain data, timeline included: safe to `postMessage` or compare. */
export type PlainSchedule = { -readonly [K in keyof ScheduleResult]: ScheduleResult[K] };

export function plainSchedule(s: ScheduleResult): PlainSchedule {
  const p: PlainSchedule = {
    schema: s.schema,
    latencyMs: s.latencyMs,
    energyUj: s.energyUj,
    dynamicUj: s.dynamicUj,
    staticUj: s.staticUj,
    cimWeightBytes: s.cimWeightBytes,
    placement: s.placement,
    timeline: s.timeline,
  };
  if (s.objective !== undefined) p.objective = s.objective;
  if (s.cimChannels !== undefined) p.cimChannels = s.cimChannels;
  const states = (s as { states?: number }).states;
  if (states !== undefined) (p as PlainSchedule & { states?: number }).states = states;
  return p;
}
