/**
 * The CLI's options (every command's, one table for node:util's parseArgs), their parsed values and
 * the output every command shares: a JSON document with --json, text otherwise.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './args.js';

/** Every option of every command; a command reads those it takes. */
export const OPTIONS = {
  space: { type: 'string' },
  seed: { type: 'string' },
  count: { type: 'string' },
  kind: { type: 'string' },
  arch: { type: 'string' },
  model: { type: 'string' },
  calibrate: { type: 'string' },
  hw: { type: 'string' },
  schema: { type: 'string' },
  objective: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  dataset: { type: 'string' },
  cifar: { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  'single-phase': { type: 'boolean' },
  'no-distill': { type: 'boolean' },
  random: { type: 'string' },
  'eval-images': { type: 'string' },
  predictor: { type: 'string' },
  checkpoint: { type: 'string' },
  resume: { type: 'boolean' },
  'stop-after': { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'eval-every': { type: 'string' },
  warmup: { type: 'string' },
  'label-smoothing': { type: 'string' },
  'phase1-share': { type: 'string' },
  schedule: { type: 'string' },
  'calibration-images': { type: 'string' },
  images: { type: 'string' },
  objectives: { type: 'string' },
  accuracy: { type: 'string' },
  table: { type: 'string' },
  generations: { type: 'string' },
  population: { type: 'string' },
  'max-latency': { type: 'string' },
  'max-energy': { type: 'string' },
  'max-params': { type: 'string' },
  exhaustive: { type: 'boolean' },
  'no-measure': { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The parsed options, by name. */
export type Values = Partial<Record<keyof typeof OPTIONS, string | boolean>>;
/** A string option's value, or undefined when it was not given. */
export const str = (v: Values, k: keyof typeof OPTIONS): string | undefined => {
  const x = v[k];
  return typeof x === 'string' ? x : undefined;
};

/** The command, the words after it and the options; an unknown option or extra word is a UsageError naming it. */
export function parse(argv: string[]): { command: string | undefined; rest: string[]; values: Values } {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    // only `lesson check FILE` takes words after its command
    const extra = positionals[0] === 'lesson' ? 3 : 1;
    if (positionals.length > extra) throw new UsageError(`unexpected argument "${positionals[extra] ?? ''}"`);
    return { command: positionals[0], rest: positionals.slice(1), values };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message;
    const m = /'(--?[\w-]+)/.exec(msg);
    throw new UsageError(
      m
        ? `${m[1] ?? ''}: ${msg.replace(/\. To specify.*$/s, '')} (allowed: ${Object.keys(OPTIONS)
            .map((k) => `--${k}`)
            .join(', ')})`
        : msg,
    );
  }
}

/** Writes a command's result: its document as one line of JSON with --json, else its text. */
export function out(json: boolean, doc: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(doc)}\n` : `${text()}\n`);
}
