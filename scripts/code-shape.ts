/**
 * The code-shape limits of CONTRIBUTING.md: no source file in src/ over 300 lines, no function over 80
 * lines, except the few that `SHAPE_EXCEPTIONS` names with the reason. `npx tsx scripts/code-shape.ts`
 * lists every offender (exceptions included, marked); src/codeShape.test.ts fails on one not excepted.
 * Test files and generated code (src/import/tflite/generated/) are not counted.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const MAX_FILE_LINES = 300;
export const MAX_FUNCTION_LINES = 80;

/**
 * Files (`src/…`) or functions (`src/…:name`) allowed over the limits, each with its reason. Keep it
 * short: an entry is a decision someone can argue with, not a place to park work.
 */
export const SHAPE_EXCEPTIONS: Record<string, string> = {};

export interface Offender {
  /** `src/…` for a file, `src/…:name` for a function */
  id: string;
  lines: number;
  /** 1-based first line (functions) */
  line?: number;
}

/** Every non-test TypeScript source under `dir`, generated code left out. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated') out.push(...sourceFiles(p));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** A function's name as a reader would look for it: its own, its variable's or its property's. */
function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(sf).slice(0, 40)})`;
  return '(anonymous)';
}

/** The files over `MAX_FILE_LINES` and the functions over `MAX_FUNCTION_LINES` under `root`/src. */
export function codeShape(root: string): { files: Offender[]; functions: Offender[] } {
  const files: Offender[] = [];
  const functions: Offender[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const rel = path.relative(root, file).split(path.sep).join('/');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > MAX_FILE_LINES) files.push({ id: rel, lines });
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const length = end - start + 1;
        if (length > MAX_FUNCTION_LINES) functions.push({ id: `${rel}:${nameOf(node, sf)}`, lines: length, line: start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { files, functions };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const { files, functions } = codeShape(process.cwd());
  const mark = (id: string): string => (SHAPE_EXCEPTIONS[id] ? `  (excepted: ${SHAPE_EXCEPTIONS[id]})` : '');
  for (const f of files) console.log(`file ${f.id}: ${f.lines} lines${mark(f.id)}`);
  for (const f of functions) console.log(`function ${f.id} (line ${f.line}): ${f.lines} lines${mark(f.id)}`);
  if (files.length + functions.length === 0) console.log(`no file over ${MAX_FILE_LINES} lines, no function over ${MAX_FUNCTION_LINES}`);
}
