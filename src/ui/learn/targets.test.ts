/**
 * Every part of the page a lesson may point at (core LESSON_TARGETS) exists in the page's source as
 * `data-learn="<id>"` — or, where a component passes it on, as a `learn="<id>"` prop or an entry of a
 * `LEARN_…` table — so a lesson never points at nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LESSON_TARGET_IDS } from '../../core';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

const UI = sources(join(__dirname, '..'));

describe('lesson targets', () => {
  it.each(LESSON_TARGET_IDS)('%s is marked in src/ui', (id) => {
    const esc = id.replace(/[-.]/g, '\\$&');
    const marked = new RegExp(`(?:data-learn|\\blearn)="${esc}"|^const LEARN_\\w+.*'${esc}'`, 'm');
    expect(
      UI.some((text) => marked.test(text)),
      `no data-learn="${id}" in src/ui`,
    ).toBe(true);
  });

  it('marks nothing that is not a target', () => {
    const used = UI.flatMap((text) => [...text.matchAll(/data-learn="([\w-]+)"/g)].map((m) => m[1]));
    expect(used.filter((u) => !(LESSON_TARGET_IDS as readonly (string | undefined)[]).includes(u))).toEqual([]);
  });
});
