import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** flatc of the pinned version, where the machine has it (Debian: apt-get install flatbuffers-compiler). */
function flatcVersion(): string | null {
  try {
    return execFileSync('flatc', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}
const flatc = flatcVersion();

describe('the TFLite reader generated from tflite.fbs', () => {
  it.skipIf(flatc !== 'flatc version 2.0.8')(
    'is what flatc 2.0.8 generates from the schema (`npm run tflite-schema` after editing it)',
    async () => {
      // @ts-expect-error: a build script in plain JavaScript, without types
      const { generate } = (await import('../../../scripts/tflite-schema.mjs')) as { generate(): Record<string, string> };
      const files = generate();
      expect(Object.keys(files).length).toBeGreaterThan(10);
      for (const [rel, text] of Object.entries(files))
        expect(readFileSync(new URL(`./generated/${rel}`, import.meta.url), 'utf8'), rel).toBe(text);
    },
  );
});
