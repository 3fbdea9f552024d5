/**
 * The shortest edit script between two files' lines (Myers, "An O(ND)
 * Difference Algorithm", 1986), with each run of changes then slid down as
 * far as equal lines allow, as GNU diff's shift_boundaries does, so the
 * hunks fall where GNU diff puts them.
 */

/** A change: lines [a, a + deleted) of A become lines [b, b + inserted) of B (0-based). */
export interface Change {
  a: number;
  deleted: number;
  b: number;
  inserted: number;
}

/** Lines of a text; `missingNewline` when the last line has no newline. */
export function splitLines(text: string): { lines: string[]; missingNewline: boolean } {
  if (text === '') return { lines: [], missingNewline: false };
  const lines = text.split('\n');
  const missingNewline = lines[lines.length - 1] !== '';
  if (!missingNewline) lines.pop();
  return { lines, missingNewline };
}

/** Which lines of A were deleted and which of B inserted. */
function editMarks(a: string[], b: string[]): { delA: Uint8Array; insB: Uint8Array } {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let done = false;
  for (let d = 0; d <= max && !done; d++) {
    trace.push(v.slice(offset - d, offset + d + 1)); // diagonals -d..d: O(D²) in all
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const delA = new Uint8Array(n);
  const insB = new Uint8Array(m);
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const t = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && t[k - 1 + d]! < t[k + 1 + d]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = t[prevK + d]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (down) insB[--y] = 1;
    else delA[--x] = 1;
  }
  return { delA, insB };
}

/** GNU's shift_boundaries, first half: each run of marked lines moves down while the line after it equals its first. */
function slideDown(lines: string[], marks: Uint8Array): void {
  let i = 0;
  while (i < lines.length) {
    if (!marks[i]) {
      i++;
      continue;
    }
    let start = i;
    let end = i;
    while (end < lines.length && marks[end]) end++;
    while (end < lines.length && !marks[end] && lines[start] === lines[end]) {
      marks[start++] = 0;
      marks[end++] = 1;
      while (end < lines.length && marks[end]) end++;
    }
    i = end;
  }
}

export function diffLines(a: string[], b: string[]): Change[] {
  const { delA, insB } = editMarks(a, b);
  slideDown(a, delA);
  slideDown(b, insB);
  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && !delA[i] && !insB[j]) {
      i++;
      j++;
      continue;
    }
    const c: Change = { a: i, deleted: 0, b: j, inserted: 0 };
    while (i + c.deleted < a.length && delA[i + c.deleted]) c.deleted++;
    while (j + c.inserted < b.length && insB[j + c.inserted]) c.inserted++;
    i += c.deleted;
    j += c.inserted;
    if (!c.deleted && !c.inserted) break; // unreachable when the marks are consistent
    changes.push(c);
  }
  return changes;
}
