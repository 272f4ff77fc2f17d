/**
 * The search's vocabulary, in one place: every objective and every budget with each name it has —
 * its id in code, run records and the link's `obj:` list; its word in the CLI (`--objectives`,
 * `--max-…`, SPEC §9); its key in the link's `search=` field; its label, unit and number format
 * on screen — and whether it is minimised or maximised. The settings form, the link codec, the
 * Pareto plot's axes, the front table, the validation messages and the CLI all read these rows.
 */
import type { Direction } from './pareto.js';

/** What the search can optimise (SPEC §6); `cimAreaMm2` only with hardware co-search. */
export type ObjectiveId = 'accuracy' | 'latencyMs' | 'energyUj' | 'params' | 'cimAreaMm2';

/** Upper limits (constraint domination). `cimUse` is the fraction (0..1] of M × macro capacity the schema fills. */
export interface SearchBudgets {
  readonly latencyMs?: number;
  readonly energyUj?: number;
  readonly params?: number;
  readonly cimUse?: number;
  readonly cimAreaMm2?: number;
}
export type BudgetId = keyof SearchBudgets;

/** One objective: its names and how its value reads. */
export interface ObjectiveWords {
  readonly id: ObjectiveId;
  readonly direction: Direction;
  /** the word of `h4h search --objectives` (SPEC §9); null: not offered there (CIM area needs co-search, which the CLI lacks) */
  readonly cli: string | null;
  /** in the link's `search=obj:` list (dot-separated) */
  readonly link: string;
  /** on screen: a checkbox, a plot's title ("accuracy against latency"), a brush note */
  readonly label: string;
  /** an axis or a column: the label with its display unit */
  readonly title: string;
  /** unit of the measured value (`SubnetMetrics`), '' for a fraction or a count */
  readonly unit: string;
  /** the measured value in the display unit (accuracy in %, parameters in millions) */
  readonly display: (v: number) => number;
  /** the displayed value (already scaled) as text */
  readonly format: (v: number) => string;
  /** only with hardware co-search */
  readonly coSearchOnly: boolean;
}

/** One budget: an upper limit on a measured value. */
export interface BudgetWords {
  readonly id: BudgetId;
  /** the `h4h search` flag that sets it; null: not offered by the CLI */
  readonly cli: string | null;
  /** its key in the link's `search=` field; null: not in the link (nor in the page's form) */
  readonly link: string | null;
  /** on screen and in messages (with the unit: `budgetName`) */
  readonly label: string;
  /** unit of the limit (the measured value's), '' for a fraction or a count */
  readonly unit: string;
}

const same = (v: number): number => v;
const fixed =
  (digits: number) =>
  (v: number): string =>
    v.toFixed(digits);

/** Every objective, in the order the page lists them. */
export const OBJECTIVES: Readonly<Record<ObjectiveId, ObjectiveWords>> = {
  accuracy: {
    id: 'accuracy',
    direction: 'max',
    cli: 'accuracy',
    link: 'accuracy',
    label: 'accuracy',
    title: 'accuracy (%)',
    unit: '',
    display: (v) => 100 * v,
    format: fixed(1),
    coSearchOnly: false,
  },
  latencyMs: {
    id: 'latencyMs',
    direction: 'min',
    cli: 'latency',
    link: 'latencyMs',
    label: 'latency',
    title: 'latency per image (ms)',
    unit: 'ms',
    display: same,
    format: (v) => (v < 1 ? v.toFixed(3) : v.toFixed(2)),
    coSearchOnly: false,
  },
  energyUj: {
    id: 'energyUj',
    direction: 'min',
    cli: 'energy',
    link: 'energyUj',
    label: 'energy',
    title: 'energy per image (µJ)',
    unit: 'µJ',
    display: same,
    format: fixed(1),
    coSearchOnly: false,
  },
  params: {
    id: 'params',
    direction: 'min',
    cli: 'params',
    link: 'params',
    label: 'parameters',
    title: 'parameters (millions)',
    unit: '',
    display: (v) => v / 1e6,
    format: fixed(3),
    coSearchOnly: false,
  },
  cimAreaMm2: {
    id: 'cimAreaMm2',
    direction: 'min',
    cli: null,
    link: 'cimAreaMm2',
    label: 'CIM area',
    title: 'CIM area (mm²)',
    unit: 'mm²',
    display: same,
    format: fixed(2),
    coSearchOnly: true,
  },
};

/** Every budget. The link and the form carry the first three; CIM use and area are budgets of the API (co-search). */
export const BUDGETS = {
  latencyMs: { id: 'latencyMs', cli: '--max-latency', link: 'lat', label: 'latency', unit: 'ms' },
  energyUj: { id: 'energyUj', cli: '--max-energy', link: 'en', label: 'energy', unit: 'µJ' },
  params: { id: 'params', cli: '--max-params', link: 'par', label: 'parameters', unit: '' },
  cimUse: { id: 'cimUse', cli: null, link: null, label: 'CIM use', unit: '' },
  cimAreaMm2: { id: 'cimAreaMm2', cli: null, link: null, label: 'CIM area', unit: 'mm²' },
} as const satisfies Readonly<Record<BudgetId, BudgetWords>>;

/** The link's budget keys: `lat`, `en`, `par`. */
export type BudgetLinkKey = NonNullable<(typeof BUDGETS)[BudgetId]['link']>;

/** Every objective a search may take, in the page's order; CIM area (macros × area per macro, `assumed`) only under co-search. */
export const SEARCH_OBJECTIVES: readonly ObjectiveId[] = Object.values(OBJECTIVES).map((o) => o.id);

/** Whether each objective is maximised or minimised. */
export const OBJECTIVE_DIRECTIONS: Readonly<Record<ObjectiveId, Direction>> = Object.fromEntries(
  SEARCH_OBJECTIVES.map((o) => [o, OBJECTIVES[o].direction]),
) as Record<ObjectiveId, Direction>;

/** The budgets the link and the page's form carry (those with a link key), in table order. */
export const LINK_BUDGETS: readonly (BudgetWords & { readonly link: BudgetLinkKey })[] = Object.values(
  BUDGETS as Readonly<Record<BudgetId, BudgetWords>>,
).filter((b): b is BudgetWords & { readonly link: BudgetLinkKey } => b.link !== null);

/** The budget each link key sets: `{ lat: 'latencyMs', en: 'energyUj', par: 'params' }`. */
export const BUDGET_OF_LINK_KEY: Readonly<Record<BudgetLinkKey, BudgetId>> = Object.fromEntries(
  LINK_BUDGETS.map((b) => [b.link, b.id]),
) as Record<BudgetLinkKey, BudgetId>;

/** Whether `key` is a budget's link key. */
export const isBudgetLinkKey = (key: string): key is BudgetLinkKey => Object.hasOwn(BUDGET_OF_LINK_KEY, key);

/** The budget a link key sets (`lat` → `latencyMs`), or undefined for another key. */
export const budgetOfLinkKey = (key: string): BudgetId | undefined => (isBudgetLinkKey(key) ? BUDGET_OF_LINK_KEY[key] : undefined);

/** The objectives the CLI offers, with their words. */
export const CLI_OBJECTIVES: readonly (ObjectiveWords & { readonly cli: string })[] = Object.values(OBJECTIVES).filter(
  (o): o is ObjectiveWords & { readonly cli: string } => o.cli !== null,
);

/** The objective a CLI word names (`latency` → `latencyMs`), or undefined. */
export const objectiveOfCliWord = (word: string): ObjectiveId | undefined => CLI_OBJECTIVES.find((o) => o.cli === word)?.id;

/** A measured value as shown: in its display unit and formatted ("0.123" for 0.123 ms, "85.2" for 0.852 accuracy). */
export const formatObjective = (id: ObjectiveId, value: number): string => OBJECTIVES[id].format(OBJECTIVES[id].display(value));

/** A budget's name with its unit, as messages give it: "latency (ms)", "parameters". */
export const budgetName = (id: BudgetId): string => {
  const b = BUDGETS[id];
  return b.unit ? `${b.label} (${b.unit})` : b.label;
};

/** A budget's field on the page: "Latency budget (ms)". */
export const budgetFieldLabel = (id: BudgetId): string => {
  const b = BUDGETS[id];
  return `${b.label.charAt(0).toUpperCase()}${b.label.slice(1)} budget${b.unit ? ` (${b.unit})` : ''}`;
};
