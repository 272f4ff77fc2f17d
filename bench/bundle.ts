import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Initial JavaScript of the built page (SPEC §10: ≤ 250 KB gzipped before TF.js): the scripts and
 * module preloads that `dist/index.html` loads, gzipped. TF.js lives in worker chunks and is not
 * counted. Returns null when there is no build (`npm run build` first).
 */
export function initialJsGzipBytes(dist = 'dist'): { files: string[]; bytes: number } | null {
  const html = join(dist, 'index.html');
  if (!existsSync(html)) return null;
  const text = readFileSync(html, 'utf8');
  const files = [...text.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)].map(
    (m) => m[1] as string,
  );
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0);
  return { files, bytes };
}
