/**
 * GNU diff's two output formats for one pair of files: the normal one
 * (`2c2`, `< old`, `---`, `> new`) and the unified one (`diff -u`: `---`
 * and `+++` headers with modification times, `@@ -l,n +l,n @@` hunks with
 * N lines of context), with "\ No newline at end of file" where it applies.
 */
import type { Change } from './line-diff';

export interface Side {
  lines: string[];
  missingNewline: boolean;
}

const NO_NEWLINE = '\\ No newline at end of file\n';

function emit(side: Side, i: number, prefix: string, out: string[]): void {
  out.push(`${prefix}${side.lines[i]}\n`);
  if (side.missingNewline && i === side.lines.length - 1) out.push(NO_NEWLINE);
}

/** `a,b` or `a` when the range is one line (1-based, inclusive). */
const range = (from: number, to: number) => (to > from ? `${from},${to}` : `${from}`);

export function normalFormat(a: Side, b: Side, changes: Change[]): string {
  const out: string[] = [];
  for (const c of changes) {
    const aRange = c.deleted ? range(c.a + 1, c.a + c.deleted) : `${c.a}`;
    const bRange = c.inserted ? range(c.b + 1, c.b + c.inserted) : `${c.b}`;
    const op = c.deleted && c.inserted ? 'c' : c.deleted ? 'd' : 'a';
    out.push(`${aRange}${op}${bRange}\n`);
    for (let i = c.a; i < c.a + c.deleted; i++) emit(a, i, '< ', out);
    if (c.deleted && c.inserted) out.push('---\n');
    for (let j = c.b; j < c.b + c.inserted; j++) emit(b, j, '> ', out);
  }
  return out.join('');
}

/** GNU's unified range: `start,count`, `start` alone for one line, the line before for none. */
function unifiedRange(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

export function unifiedHunks(a: Side, b: Side, changes: Change[], context = 3): string {
  const out: string[] = [];
  let k = 0;
  while (k < changes.length) {
    // Changes closer than twice the context share a hunk.
    let last = k;
    while (
      last + 1 < changes.length &&
      changes[last + 1]!.a - (changes[last]!.a + changes[last]!.deleted) <= 2 * context
    )
      last++;
    const first = changes[k]!;
    const end = changes[last]!;
    const aStart = Math.max(0, first.a - context);
    const aEnd = Math.min(a.lines.length, end.a + end.deleted + context);
    const bStart = first.b - (first.a - aStart);
    const bEnd = end.b + end.inserted + (aEnd - (end.a + end.deleted));
    out.push(
      `@@ -${unifiedRange(aStart, aEnd - aStart)} +${unifiedRange(bStart, bEnd - bStart)} @@\n`,
    );
    let i = aStart;
    for (let c = k; c <= last; c++) {
      const ch = changes[c]!;
      for (; i < ch.a; i++) emit(a, i, ' ', out);
      for (let d = ch.a; d < ch.a + ch.deleted; d++) emit(a, d, '-', out);
      for (let n = ch.b; n < ch.b + ch.inserted; n++) emit(b, n, '+', out);
      i = ch.a + ch.deleted;
    }
    for (; i < aEnd; i++) emit(a, i, ' ', out);
    k = last + 1;
  }
  return out.join('');
}

/** `2026-07-02 13:50:42.000000000 +0000`: GNU's header time (UTC, as the machine's clock). */
export function headerTime(mtime: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const d = mtime;
  const ns = p(d.getUTCMilliseconds(), 3) + '000000';
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${ns} +0000`;
}
