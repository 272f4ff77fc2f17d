/**
 * The CLI's entry: parses the command line, runs the command (each in its own module) and turns
 * what it throws into the exit status — 2 for a usage error or a limit, 1 for anything else.
 */
import { LimitError } from '../core/index.js';
import { UsageError } from './args.js';
import { cmdEstimate } from './estimate.js';
import { cmdExport } from './export.js';
import { COMMANDS, USAGE } from './help.js';
import { cmdLessonCheck, cmdLessons } from './lessons.js';
import { runPaperCommand } from './paper.js';
import { parse, str, type Values } from './options.js';
import { cmdSearch } from './searchCommand.js';
import { cmdSample, cmdSpace } from './spaceCommands.js';
import { runEvaluate, runPredictorInfo } from './supernet.js';
import { evaluateArgs, supernetSpaceArg, trainArgs } from './supernetArgs.js';
import { runTrain } from './train.js';

/** Runs the CLI; returns the exit status (a promise for `train`, which is asynchronous). */
export function main(argv: string[]): number | Promise<number> {
  let command: string | undefined;
  let rest: string[];
  let values: Values;
  try {
    ({ command, rest, values } = parse(argv));
  } catch (e) {
    return fail(e);
  }
  const asyncCommands: Record<string, (v: Values) => Promise<unknown>> = {
    train: (v) => runTrain(trainArgs(v), write),
    evaluate: (v) => runEvaluate(evaluateArgs(v), write),
    paper: (v) => runPaperCommand(v, write, v.json !== true || v.progress === true ? (line) => writeErr(`${line}\n`) : undefined),
    predictor: (v) => runPredictorInfo(supernetSpaceArg(str(v, 'space'), 'predictor'), v.json === true, write),
  };
  const run = command !== undefined && values.help !== true ? asyncCommands[command] : undefined;
  if (run) {
    return (async () => {
      try {
        await run(values);
        return 0;
      } catch (e) {
        return fail(e);
      }
    })();
  }
  return mainSync(command, rest, values);
}

function fail(e: unknown): number {
  if (e instanceof UsageError || e instanceof LimitError) {
    process.stderr.write(`h4h: ${e.message}\n`);
    return 2;
  }
  process.stderr.write(`h4h: internal error: ${(e as Error).stack ?? String(e)}\n`);
  return 1;
}

const write = (s: string): void => void process.stdout.write(s);
const writeErr = (s: string): void => void process.stderr.write(s);

function cmdLesson(rest: readonly string[], v: Values): number {
  if (rest[0] !== 'check')
    throw new UsageError(`lesson: unknown subcommand "${(rest[0] ?? '').slice(0, 30)}" (allowed: lesson check FILE)`);
  const file = rest[1];
  if (file === undefined) throw new UsageError('lesson check: give the lesson file (docs/LESSONS.md; examples/lesson-example.json)');
  return cmdLessonCheck(file, v.json === true, write, writeErr);
}

function mainSync(command: string | undefined, rest: readonly string[], values: Values): number {
  try {
    if (values.help === true || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === undefined) {
      process.stderr.write(`h4h: command: missing (allowed: ${COMMANDS})\n\n${USAGE}\n`);
      return 2;
    }
    switch (command) {
      case 'space':
        cmdSpace(values);
        return 0;
      case 'sample':
        cmdSample(values);
        return 0;
      case 'estimate':
        cmdEstimate(values);
        return 0;
      case 'search':
        cmdSearch(values);
        return 0;
      case 'export':
        cmdExport(values, write);
        return 0;
      case 'lessons':
        return cmdLessons(values.json === true, write);
      case 'lesson':
        return cmdLesson(rest, values);
      default:
        throw new UsageError(`command: unknown "${command.slice(0, 40)}" (allowed: ${COMMANDS})`);
    }
  } catch (e) {
    return fail(e);
  }
}
