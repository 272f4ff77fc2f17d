/** For the CLI's tests: runs `main` in-process and captures what it writes. */
import { vi } from 'vitest';
import { main } from './main.js';

/** Captures what is written to stdout and stderr until `restore()`. */
function capture(): { out: { stdout: string; stderr: string }; restore: () => void } {
  const out = { stdout: '', stderr: '' };
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.stdout += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    out.stderr += String(s);
    return true;
  });
  return {
    out,
    restore: () => {
      o.mockRestore();
      e.mockRestore();
    },
  };
}

/** Runs a synchronous command of the CLI, capturing stdout and stderr. */
export function runCli(...argv: string[]): { code: number; stdout: string; stderr: string } {
  const { out, restore } = capture();
  try {
    const code = main(argv);
    if (typeof code !== 'number') throw new Error('runCli() is for the synchronous commands');
    return { code, ...out };
  } finally {
    restore();
  }
}

/** Runs any command of the CLI (the asynchronous ones too: train, evaluate, predictor), capturing its output. */
export async function runCliAsync(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { out, restore } = capture();
  try {
    const code = await main(argv);
    return { code, ...out };
  } finally {
    restore();
  }
}
