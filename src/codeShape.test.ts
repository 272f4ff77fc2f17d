/** The code-shape limits (CONTRIBUTING.md): files ≤ 300 lines, functions ≤ 80, except those named with a reason. */
import { describe, expect, it } from 'vitest';
import { codeShape, MAX_FILE_LINES, MAX_FUNCTION_LINES, SHAPE_EXCEPTIONS } from '../scripts/code-shape';

describe('code shape', () => {
  const shape = codeShape(process.cwd());

  it(`no source file over ${MAX_FILE_LINES} lines and no function over ${MAX_FUNCTION_LINES}, but the named exceptions`, () => {
    const offenders = [...shape.files, ...shape.functions].filter((o) => !(o.id in SHAPE_EXCEPTIONS));
    expect(offenders.map((o) => `${o.id}: ${o.lines} lines`)).toEqual([]);
  });

  it('every exception still exceeds a limit and says why (a stale entry is removed)', () => {
    const over = new Set([...shape.files, ...shape.functions].map((o) => o.id));
    for (const [id, why] of Object.entries(SHAPE_EXCEPTIONS)) {
      expect(over.has(id), id).toBe(true);
      expect(why.length, id).toBeGreaterThan(20);
    }
  });

  it('measures: a file of 301 lines and a function of 81 are caught', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'shape-'));
    try {
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'src', 'long.ts'), 'export const a = 1;\n'.repeat(301));
      const body = Array.from({ length: 79 }, (_, i) => `  const v${i} = ${i};`).join('\n');
      writeFileSync(join(root, 'src', 'fn.ts'), `export function f(): void {\n${body}\n}\n`);
      writeFileSync(join(root, 'src', 'ok.ts'), `export function g(): void {\n${body.split('\n').slice(1).join('\n')}\n}\n`);
      const got = codeShape(root);
      expect(got.files).toEqual([{ id: 'src/long.ts', lines: 301 }]);
      expect(got.functions).toEqual([{ id: 'src/fn.ts:f', lines: 81, line: 1 }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
