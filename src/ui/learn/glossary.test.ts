// The glossary and the page agree: every <Term id> names an entry, every entry is shown by some
// <Term> outside the Glossary itself, and every entry is well formed. Reads the sources as text.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOSSARY, GLOSSARY_SHORT_MAX, GLOSSARY_TEXT_MAX, GLOSSARY_TERMS, GLOSSARY_TEXTS, hasGlossaryEntry } from '../../core';

const SRC = join(import.meta.dirname, '..', '..');
/** The Glossary panel lists every entry: showing it there does not count as showing it on the page. */
const GLOSSARY_ITSELF = ['ui/learn/GlossaryPanel.tsx', 'ui/learn/Term.tsx'];

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return tsxFiles(p);
    return d.name.endsWith('.tsx') && !d.name.includes('.test.') ? [p] : [];
  });
}

/** Every `<Term id="…">` of a source text (the id must be a string literal: the test reads it). */
function termIds(source: string): string[] {
  return [...source.matchAll(/<Term\s+id=(?:"([^"]*)"|'([^']*)'|\{\s*['"]([^'"]*)['"]\s*\})/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

const sources = tsxFiles(SRC).map((file) => ({ file: relative(SRC, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }));
/** A component that only wraps <Term>s (SchemaTerm) shows them only where it is itself used. */
const unusedWrappers = ['SchemaTerm'].filter(
  (name) => !sources.some((s) => !s.file.endsWith(`/${name}.tsx`) && s.text.includes(`<${name} `)),
);
const uses = sources
  .filter((s) => !unusedWrappers.some((name) => s.file.endsWith(`/${name}.tsx`)))
  .map((s) => ({ file: s.file, ids: termIds(s.text) }))
  .filter((u) => u.ids.length > 0);

describe('glossary', () => {
  it('reads <Term id> usages, including a misspelt one', () => {
    expect(termIds('<p><Term id="npu">NPU</Term> and <Term id={"cim"}>CIM</Term> <Term id=\'nope\'>x</Term></p>')).toEqual([
      'npu',
      'cim',
      'nope',
    ]);
    expect(uses.length).toBeGreaterThan(5);
  });

  it('every <Term id> in the UI names an entry', () => {
    const unknown = uses.flatMap((u) => u.ids.filter((id) => !hasGlossaryEntry(id)).map((id) => `${u.file}: <Term id="${id}">`));
    expect(unknown.join('\n'), 'terms without a glossary entry').toBe('');
  });

  it('every entry is shown by a <Term> outside the Glossary panel', () => {
    const shown = new Set(uses.filter((u) => !GLOSSARY_ITSELF.includes(u.file)).flatMap((u) => u.ids));
    const unshown = GLOSSARY.map((e) => e.id).filter((id) => !shown.has(id));
    expect(unshown.join('\n'), 'entries no <Term> shows').toBe('');
  });

  it('every term has its paragraph and every paragraph its term (the two modules agree)', () => {
    expect(Object.keys(GLOSSARY_TEXTS).sort()).toEqual(GLOSSARY_TERMS.map((t) => t.id).sort());
  });

  it('ids are unique kebab-case, see-also names known entries, text fields are filled and short', () => {
    const problems: string[] = [];
    const ids = GLOSSARY.map((e) => e.id);
    for (const id of ids.filter((x, i) => ids.indexOf(x) !== i)) problems.push(`${id}: duplicate id`);
    for (const e of GLOSSARY) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.id)) problems.push(`${e.id}: id is not kebab-case`);
      for (const field of ['term', 'short', 'text'] as const) if (e[field].trim() === '') problems.push(`${e.id}: empty ${field}`);
      if (e.short.length > GLOSSARY_SHORT_MAX) problems.push(`${e.id}: short is ${e.short.length} > ${GLOSSARY_SHORT_MAX} characters`);
      if (e.text.length > GLOSSARY_TEXT_MAX) problems.push(`${e.id}: text is ${e.text.length} > ${GLOSSARY_TEXT_MAX} characters`);
      const sentences = e.text.split(/(?<=[.!?])\s+(?=[A-Za-z0-9])/).length;
      if (sentences < 2 || sentences > 5) problems.push(`${e.id}: text has ${sentences} sentences (2–5)`);
      if (/[<>]/.test(`${e.term}${e.short}${e.text}`)) problems.push(`${e.id}: text only, no markup`);
      if (e.where.length === 0) problems.push(`${e.id}: where is empty`);
      for (const s of e.see ?? []) {
        if (!hasGlossaryEntry(s)) problems.push(`${e.id}: see names unknown "${s}"`);
        if (s === e.id) problems.push(`${e.id}: sees itself`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });
});
