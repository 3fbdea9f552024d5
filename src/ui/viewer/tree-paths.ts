/**
 * Where a header lies, as the page sees it: the root of its kheaders tree
 * (the directory above its first include/ or arch/ component, the rule the
 * worker's index uses), and a struct's extent in its text.
 */
export function treeRoot(path: string): string | undefined {
  const parts = path.split('/');
  const at = parts.findIndex((p, i) => i > 0 && (p === 'include' || p === 'arch'));
  return at < 1 ? undefined : parts.slice(0, at).join('/') || '/';
}

/** Lines from a definition's line to its closing brace (braces counted, strings and comments ignored). */
export function recordExtent(text: string, line: number): { from: number; to: number } | undefined {
  const lines = text.split('\n');
  let depth = 0;
  let opened = false;
  for (let i = line - 1; i < lines.length; i++) {
    const code = lines[i]!.replace(/\/\*.*?\*\/|\/\/.*$|"(?:\\.|[^"])*"|'(?:\\.|[^'])*'/g, '');
    if (/^\s*#/.test(code)) continue;
    for (const c of code) {
      if (c === '{') {
        depth++;
        opened = true;
      } else if (c === '}' && --depth === 0 && opened) return { from: line, to: i + 1 };
    }
  }
  return undefined;
}
