import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the committed WebAssembly kernels', () => {
  it('are what wasm/kernels.ts compiles to (`npm run wasm` after editing it)', async () => {
    // @ts-expect-error: a build script in plain JavaScript, without types
    const { compileKernels, binaryModuleSource } = (await import('../../scripts/build-wasm.mjs')) as {
      compileKernels(): Promise<Uint8Array>;
      binaryModuleSource(bytes: Uint8Array): string;
    };
    const committed = readFileSync(new URL('./wasmKernelsBinary.ts', import.meta.url), 'utf8');
    expect(binaryModuleSource(await compileKernels())).toBe(committed);
  });
});
