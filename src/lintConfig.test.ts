/**
 * Tests of eslint.config.js through ESLint's Node API: the import rule (core imports no React; ui and
 * state reach workers/ only through its clients and protocol), core's purity (no clock, timers,
 * console) and the type-aware promise rules. Each case lints a snippet as if it were a file of the
 * tree; typed linting needs that file to exist in a tsconfig, so a probe file is written into each
 * folder first and removed after.
 */
import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const FOLDERS = ['core', 'state', 'ui'] as const;
type Folder = (typeof FOLDERS)[number];
/** One probe per folder and process: two runs at once never share a file. */
const probe = (folder: Folder): string => join(ROOT, 'src', folder, `__lint_probe_${process.pid}__.ts`);

let eslint: ESLint;
beforeAll(() => {
  for (const folder of FOLDERS) writeFileSync(probe(folder), 'export {};\n');
  // With CI=true typescript-eslint infers a single run and builds its programs from the files on
  // disk once: a probe's text given to lintText would then be read as the probe's disk content.
  eslint = new ESLint({ cwd: ROOT, overrideConfig: { languageOptions: { parserOptions: { disallowAutomaticSingleRunInference: true } } } });
});
afterAll(() => {
  for (const folder of FOLDERS) rmSync(probe(folder), { force: true });
});

/** The rule ids `code` breaks as a file of src/<folder>/ (a parse error fails the test). */
async function ruleIds(folder: Folder, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: probe(folder) });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal).map((m) => m.message)).toEqual([]);
  return messages.map((m) => m.ruleId);
}

const ASYNC = 'const f = async (): Promise<number> => 1;\n';

describe('type-aware promise rules', () => {
  it('a promise nobody awaits fails in state; awaited, it passes', async () => {
    expect(await ruleIds('state', `${ASYNC}export function g(): void {\n  f();\n}\n`)).toEqual(['@typescript-eslint/no-floating-promises']);
    expect(await ruleIds('state', `${ASYNC}export async function g(): Promise<void> {\n  await f();\n}\n`)).toEqual([]);
  });
  it('an async callback where a void one is expected fails', async () => {
    expect(await ruleIds('state', `${ASYNC}export const g = (): void => [1].forEach(async () => {\n  await f();\n});\n`)).toEqual([
      '@typescript-eslint/no-misused-promises',
    ]);
  });
});

describe('core is pure: no clock, timers or console', () => {
  const impure = [
    ['new Date()', 'export const t = new Date();\n'],
    ['Date.now()', 'export const t = Date.now();\n'],
    ['console.log', "console.log('x');\n"],
    ['setTimeout', 'setTimeout(() => undefined, 0);\n'],
  ];
  it.each(impure)('core fails: %s', async (_, code) => {
    expect(await ruleIds('core', code)).toEqual(['no-restricted-globals']);
  });
  it.each(impure)('state passes: %s', async (_, code) => {
    expect(await ruleIds('state', code)).toEqual([]);
  });
  it('core imports no React', async () => {
    expect(await ruleIds('core', "import { useState } from 'react';\nexport const u = useState;\n")).toEqual(['no-restricted-imports']);
  });
});

describe('ui and state reach workers/ only through clients and the protocol', () => {
  const RULE = '@typescript-eslint/no-restricted-imports';
  it.each(['ui', 'state'] as const)('%s may not import workers/trainSession (with or without .js)', async (folder) => {
    expect(await ruleIds(folder, "import '../workers/trainSession';\n")).toEqual([RULE]);
    expect(await ruleIds(folder, "import '../workers/trainSession.js';\n")).toEqual([RULE]);
  });
  it('ui may import workers/client, a *Client and the protocol', async () => {
    expect(await ruleIds('ui', "import { createClient } from '../workers/client';\nexport const c = createClient;\n")).toEqual([]);
    expect(await ruleIds('ui', "import { createClient } from '../workers/client.js';\nexport const c = createClient;\n")).toEqual([]);
    expect(await ruleIds('ui', "import { createTfLanes } from '../workers/tfClient';\nexport const c = createTfLanes;\n")).toEqual([]);
    expect(
      await ruleIds('ui', "import type { BackendName } from '../workers/protocol';\nexport const b: BackendName | null = null;\n"),
    ).toEqual([]);
  });
  it('a type-only import of another workers/ module passes (it is erased)', async () => {
    expect(
      await ruleIds(
        'state',
        "import type { ModelFileReply } from '../workers/modelRead';\nexport const r: ModelFileReply | null = null;\n",
      ),
    ).toEqual([]);
  });
});

describe('the page imports core through core/index.ts', () => {
  const RULE = '@typescript-eslint/no-restricted-imports';
  it.each(['ui', 'state'] as const)('a value import of a file inside core fails in %s; the door passes', async (folder) => {
    expect(await ruleIds(folder, "import { parseGenome } from '../core/model/genome';\nexport const p = parseGenome;\n")).toEqual([RULE]);
    expect(await ruleIds(folder, "import { parseGenome } from '../core';\nexport const p = parseGenome;\n")).toEqual([]);
    expect(await ruleIds(folder, "import { parseGenome } from '../core/index.js';\nexport const p = parseGenome;\n")).toEqual([]);
    expect(
      await ruleIds(folder, "import type { FitRow } from '../core/hardware/calibrationFit';\nexport const r: FitRow | null = null;\n"),
    ).toEqual([]);
  });
});
