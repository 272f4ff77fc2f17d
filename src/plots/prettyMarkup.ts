/**
 * Markup as a reviewable golden file (the chart tests' `__golden__/`): one element per line, indented
 * by depth, an element holding only text kept on its line, React's `<!-- -->` text separators and
 * whitespace-only text dropped, and numbers in attributes rounded to 2 decimals, so a golden diff
 * shows which mark moved and by how much, and a last-digit float difference between machines does
 * not. Pure string work: it reads React's static markup and the exporters' SVG alike. `svgElements`
 * picks a chart's <svg> elements out of the HTML a component renders around them.
 */

interface Node {
  readonly open: string;
  readonly name: string;
  readonly children: (Node | string)[];
}

const TOKEN = /<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>|[^<]+/g;

/** Numbers with more than 2 decimals, rounded to 2 (trailing zeros dropped; never "-0"). */
function roundNumbers(tag: string): string {
  return tag.replace(/-?\d+\.\d{3,}/g, (m) => {
    const r = Math.round(Number(m) * 100) / 100;
    return String(r === 0 ? 0 : r);
  });
}

function parse(markup: string): Node {
  const root: Node = { open: '', name: '', children: [] };
  const stack: Node[] = [root];
  for (const [token] of markup.matchAll(TOKEN)) {
    const top = stack[stack.length - 1] as Node;
    if (token.startsWith('<!--')) continue;
    if (token.startsWith('</')) {
      if (stack.length > 1) stack.pop();
    } else if (token.startsWith('<')) {
      const name = /^<([a-zA-Z][\w:-]*)/.exec(token)?.[1] ?? '';
      const node: Node = { open: roundNumbers(token), name, children: [] };
      top.children.push(node);
      if (!token.endsWith('/>') && !VOID.has(name.toLowerCase())) stack.push(node);
    } else if (token.trim() !== '') {
      const last = top.children[top.children.length - 1];
      // adjacent texts (split by a dropped comment) read as one
      if (typeof last === 'string') top.children[top.children.length - 1] = last + token;
      else top.children.push(token);
    }
  }
  return root;
}

/** HTML elements that never close. */
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'wbr']);

function print(node: Node | string, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  if (typeof node === 'string') {
    out.push(pad + node.trim());
    return;
  }
  const selfClosing = node.open.endsWith('/>') || VOID.has(node.name.toLowerCase());
  if (selfClosing) {
    out.push(pad + node.open);
    return;
  }
  const close = `</${node.name}>`;
  if (node.children.every((c) => typeof c === 'string')) {
    out.push(pad + node.open + node.children.join('') + close);
    return;
  }
  out.push(pad + node.open);
  for (const c of node.children) print(c, depth + 1, out);
  out.push(pad + close);
}

/** `markup` pretty-printed for a golden file, ending in a newline. */
export function prettyMarkup(markup: string): string {
  const out: string[] = [];
  for (const c of parse(markup).children) print(c, 0, out);
  return `${out.join('\n')}\n`;
}

/** Every <svg> element of `markup` whose class list holds `className`, whole (nested SVGs included), in order. */
export function svgElements(markup: string, className: string): string[] {
  const out: string[] = [];
  for (const start of markup.matchAll(/<svg\b[^>]*>/g)) {
    const classes = /\bclass="([^"]*)"/.exec(start[0])?.[1]?.split(' ') ?? [];
    if (!classes.includes(className)) continue;
    const tags = /<svg\b[^>]*>|<\/svg>/g;
    tags.lastIndex = start.index;
    let depth = 0;
    for (let m = tags.exec(markup); m; m = tags.exec(markup)) {
      depth += m[0] === '</svg>' ? -1 : 1;
      if (depth === 0) {
        out.push(markup.slice(start.index, m.index + m[0].length));
        break;
      }
    }
  }
  return out;
}
